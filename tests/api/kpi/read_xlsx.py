"""Reads an XLSX file with openpyxl (PyPI: openpyxl), a spreadsheet library independent of yijin.

Usage: read_xlsx.py FILE. Prints the first worksheet's rows as a JSON list of lists of strings
(empty cells as ""); exits 3 when openpyxl is not installed, 1 when the file does not open.
"""

import json
import sys

try:
    import openpyxl
except ImportError:
    sys.exit(3)

try:
    book = openpyxl.load_workbook(sys.argv[1], read_only=True)
except Exception as e:  # openpyxl raises several kinds for a broken file
    print(f"not an XLSX openpyxl can read: {e}")
    sys.exit(1)
sheet = book.worksheets[0]
rows = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
print(json.dumps({"sheets": book.sheetnames, "rows": rows}, ensure_ascii=False))
