// A PDF for the documents tests, written here so that they need no PDF library.

/**
 * A PDF of `pages` landscape pages, each with its number in large type and a blue rectangle, written here
 * byte by byte (with a correct cross-reference table) so that the test needs no PDF library.
 */
export function slidesPdf(pages) {
  const objects = [];
  const kids = [];
  const font = 3 + 2 * pages;
  objects[1] = "<< /Type /Catalog /Pages 2 0 R >>";
  for (let n = 1; n <= pages; n++) {
    const page = 1 + 2 * n;
    const content = `0.1 0.3 0.7 rg 60 60 300 200 re f BT /F1 96 Tf 420 300 Td (Page ${n}) Tj ET`;
    kids.push(`${page} 0 R`);
    objects[page] = `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 842 595] /Contents ${page + 1} 0 R /Resources << /Font << /F1 ${font} 0 R >> >> >>`;
    objects[page + 1] = `<< /Length ${content.length} >>\nstream\n${content}\nendstream`;
  }
  objects[2] = `<< /Type /Pages /Kids [${kids.join(" ")}] /Count ${pages} >>`;
  objects[font] = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";
  let body = "%PDF-1.4\n";
  const offsets = [];
  for (let i = 1; i < objects.length; i++) {
    offsets[i] = body.length;
    body += `${i} 0 obj\n${objects[i]}\nendobj\n`;
  }
  const xref = body.length;
  body += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let i = 1; i < objects.length; i++) body += `${String(offsets[i]).padStart(10, "0")} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, "latin1");
}
