# syntax=docker/dockerfile:1
# Build: a full Rust toolchain; run: a slim Debian with only the binary, as a non-root user.
FROM rust:1.95-slim-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release -p gateway --bin yijin \
 && cp target/release/yijin /usr/local/bin/yijin

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /var/lib/yijin --create-home yijin
COPY --from=build /usr/local/bin/yijin /usr/local/bin/yijin
USER yijin
WORKDIR /var/lib/yijin
ENV YIJIN_ENV=production \
    YIJIN_ADDR=0.0.0.0:8080 \
    YIJIN_DATA_DIR=/var/lib/yijin/data
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["yijin", "healthcheck", "--url", "http://127.0.0.1:8080/healthz"]
ENTRYPOINT ["yijin"]
CMD ["serve"]
