// Package sat holds the SAT's rules that a CFDI 4.0 document is checked
// against before it is sealed: the small catalogs (built in, generated from
// the SAT catalog data), the régimen↔UsoCFDI rules, the c_TasaOCuota rules,
// shape checks for the big catalogs that are imported later (c_ClaveProdServ,
// c_CodigoPostal), and the RFC structure and check digit.
//
// Like encoding/xml, it is a standards package: it imports nothing from
// Sello. All catalog data is read-only; lookups take no locks and allocate
// nothing.
package sat

//go:generate go run ./gen
