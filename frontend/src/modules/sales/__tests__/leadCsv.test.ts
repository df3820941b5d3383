import { describe, expect, it } from "vitest";

import { parseCsv } from "../utils/parseCsv";
import { leadImportErrorsOf, parseLeadCsv } from "../utils/parseLeadCsv";

describe("parseCsv", () => {
  it("handles quotes, doubled quotes, commas and line breaks in cells, CRLF and a BOM", () => {
    const text = '\uFEFFname,message\r\n"Wang, Fang","She said ""hi""\nand left"\r\n\r\nZhao,plain\n';
    expect(parseCsv(text)).toEqual([
      ["name", "message"],
      ["Wang, Fang", 'She said "hi"\nand left'],
      ["Zhao", "plain"],
    ]);
  });

  it("reads tab-separated text pasted from a spreadsheet", () => {
    expect(parseCsv("姓名\t电话\n王芳\t13800138000")).toEqual([
      ["姓名", "电话"],
      ["王芳", "13800138000"],
    ]);
  });
});

describe("parseLeadCsv", () => {
  it("maps English and Chinese headers, fills the default source and leaves empty cells out", () => {
    const parsed = parseLeadCsv("姓名,电话,Email,公司,来源,评分,备注,微信\n王芳,138 0013 8000,,上海某公司,,80,要报价,wf123\n赵强,,zhao@example.cn,,expo,,,", "导入");
    expect(parsed.missingName).toBe(false);
    expect(parsed.unknownColumns).toEqual(["微信"]);
    expect(parsed.rows).toEqual([
      {
        row: 0,
        input: { name: "王芳", source: "导入", phone: "138 0013 8000", company: "上海某公司", message: "要报价", score: 80 },
      },
      { row: 1, input: { name: "赵强", source: "expo", email: "zhao@example.cn" } },
    ]);
  });

  it("keeps rows the server must judge (no phone) but leaves out a bad score", () => {
    const parsed = parseLeadCsv("name,score\nA,\nB,abc\nC,101\nD,5", "import");
    expect(parsed.rows.map((row) => row.row)).toEqual([0, 3]);
    expect(parsed.problems).toEqual([
      { row: 1, name: "B", field: "score", kind: "scoreInvalid" },
      { row: 2, name: "C", field: "score", kind: "scoreInvalid" },
    ]);
  });

  it("refuses a file without a name column", () => {
    expect(parseLeadCsv("phone,email\n1,2", "import")).toMatchObject({ rows: [], missingName: true });
  });
});

describe("leadImportErrorsOf", () => {
  it("maps leads.N.field back to the file's rows, skipping rows left out in the browser", () => {
    const sent = [
      { row: 0, input: { name: "A", source: "x" } },
      { row: 3, input: { name: "D", source: "x" } },
    ];
    const errors = leadImportErrorsOf(
      [
        { field: "leads.1.phone", message: "Give a phone number or an email address." },
        { field: "leads", message: "Import at most 1,000 leads at a time." },
      ],
      sent,
    );
    expect(errors).toEqual({
      rowErrors: [{ row: 3, field: "phone", message: "Give a phone number or an email address." }],
      general: ["Import at most 1,000 leads at a time."],
    });
  });
});
