"""Reading an XLSX workbook in a child process (`reader.read` starts it): the spreadsheet library allocates a sheet's
whole bounding box, so a tiny file with cells in A1 and XFD1048576 asks for hundreds of gigabytes and aborts the
process it runs in. Here that process is a child with a memory limit and a time limit, and only the parent's
request fails. The workbook comes on stdin; the sheets go back pickled on stdout.
"""

from __future__ import annotations

import io
import pickle
import resource
import sys

#: The most memory (address space) the child may use, and CPU seconds.
MEMORY_BYTES = 3 * 1024 * 1024 * 1024
CPU_SECONDS = 300
#: Exit codes the parent understands.
UNREADABLE = 3


def main() -> int:
    """Read the workbook on stdin; write its sheets (`reader.Sheet`) pickled to stdout."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))
    from python_calamine import CalamineError, CalamineWorkbook

    from rapport.integrations.imports.reader import _sheet, _text

    content = sys.stdin.buffer.read()
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(content))
        sheets = []
        for index, name in enumerate(book.sheet_names):
            rows = book.get_sheet_by_index(index).iter_rows()
            sheet = _sheet(name, ([_text(v) for v in row] for row in rows))
            if sheet.headers:
                sheets.append(sheet)
    except (CalamineError, MemoryError):
        return UNREADABLE
    sys.stdout.buffer.write(pickle.dumps(sheets, protocol=pickle.HIGHEST_PROTOCOL))
    return 0


if __name__ == "__main__":
    sys.exit(main())
