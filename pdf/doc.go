// Package pdf renders the printed representation of a CFDI (Anexo 20,
// rubro III.B): a PDF with every datum the SAT asks of it, the QR code that
// points to the SAT's verification service, and the legend "Este documento es
// una representación impresa de un CFDI". The same layout, with a
// watermark, previews drafts.
//
// The PDF uses only the core fonts of fpdf with the cp1252 code page, so it
// embeds no font and Spanish accents print as they should; characters
// outside cp1252 print as a dot. For the same Comprobante and Options the
// bytes are the same: the creation date comes from Options.Now.
package pdf
