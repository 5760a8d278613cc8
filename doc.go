// Package sello is the vocabulary and the rules of Sello, a self-hostable
// implementation of the gigstack API v2: fiscal infrastructure for Mexico.
//
// The root package holds the domain types (Team, APIKey, Client, Invoice,
// Payment, Receipt, Webhook, Event…), the one Error type, and the few
// interfaces at real boundaries (Store, Stamper, Mailer, Processor).
// It knows nothing of HTTP or SQL: adapters live in subpackages
// (store/sqlstore with store/sqlite and store/postgres, httpapi, webhook,
// stripe, pac/…) and cmd/sello wires them together. docs/ARCHITECTURE.md
// draws the packages and the main flows.
//
// Glossary:
//   - CFDI: Comprobante Fiscal Digital por Internet, the SAT's electronic invoice (version 4.0).
//   - CSD: Certificado de Sello Digital, the issuer's certificate and key that seal a CFDI.
//   - PAC: Proveedor Autorizado de Certificación, who stamps (timbra) a sealed CFDI.
//   - Timbre: the TimbreFiscalDigital the PAC adds, carrying the UUID (folio fiscal).
//   - Folio: the issuer's own sequential number inside a series (Serie).
//   - RFC: Registro Federal de Contribuyentes, the Mexican tax id.
//   - REP: Recibo Electrónico de Pago, a CFDI of type P with the Pagos 2.0 complement.
package sello
