package sello

import (
	"bytes"
	"encoding/json"
)

// TeamSettings are a team's defaults for documents and automations (API.md
// §9.11). Stores keep them as one JSON document with these names, which are
// also the API's.
type TeamSettings struct {
	DefaultDescription         *string              `json:"default_description"`
	OverrideItemDescription    bool                 `json:"override_item_description"`
	ProductKey                 *string              `json:"product_key"`
	UnitKey                    *string              `json:"unit_key"`
	Use                        *string              `json:"use"`
	Taxes                      []json.RawMessage    `json:"taxes"`
	TaxesUSD                   []json.RawMessage    `json:"taxes_usd"`
	WithholdingTaxes           []json.RawMessage    `json:"withholding_taxes"`
	AvoidAutomationsOnCurrency []string             `json:"avoid_automations_on_currencies"`
	Emails                     SettingsEmails       `json:"emails"`
	GlobalInvoiceDisabled      bool                 `json:"global_invoice_disabled"`
	Complements                []json.RawMessage    `json:"complements"`
	UsesOnSelfInvoicePortal    []string             `json:"uses_on_self_invoice_portal"`
	BankAccount                *BankAccount         `json:"bank_account"`
	InvoicePDFNotes            *string              `json:"invoice_pdf_notes"`
	AutomateComplementForPPD   bool                 `json:"automate_complement_for_ppd_invoices"`
	CustomerPortalID           *string              `json:"customer_portal_id"`
	EOMPPDThresholdDays        *int                 `json:"eom_ppd_threshold_days"`
	Refunds                    SettingsRefunds      `json:"refunds"`
	Periodicity                SettingsPeriod       `json:"periodicity"`
	DefaultSeries              map[string]SeriesRef `json:"default_series"`
	KeepFullLegalName          bool                 `json:"keep_full_legal_name"`
}

// SettingsEmails are the e-mail settings of a team.
type SettingsEmails struct {
	InvoicesBCC            []string `json:"invoices_bcc"`
	AvoidInvoiceEmails     bool     `json:"avoid_invoice_emails"`
	AvoidTestInvoiceEmails bool     `json:"avoid_test_invoice_emails"`
	AvoidReceiptsEmails    bool     `json:"avoid_receipts_emails"`
}

// BankAccount are the bank-transfer instructions of the payment page.
type BankAccount struct {
	Bank        string `json:"bank"`
	CLABE       string `json:"clabe"`
	Beneficiary string `json:"beneficiary"`
}

// SettingsRefunds are the refund settings (stored only).
type SettingsRefunds struct {
	AutomaticRefunds bool `json:"automatic_refunds"`
}

// SettingsPeriod is the default receipt periodicity.
type SettingsPeriod struct {
	Label string `json:"label"`
	Value string `json:"value"`
}

// SeriesRef names the default series of one CFDI type.
type SeriesRef struct {
	Serie string `json:"serie"`
}

// defaultSettings is the JSON of the settings of a team that never set any.
const defaultSettings = `{"default_description":null,"override_item_description":false,"product_key":null,
"unit_key":null,"use":null,"taxes":[],"taxes_usd":[],"withholding_taxes":[],"avoid_automations_on_currencies":[],
"emails":{"invoices_bcc":[],"avoid_invoice_emails":false,"avoid_test_invoice_emails":false,"avoid_receipts_emails":false},
"global_invoice_disabled":false,"complements":[],"uses_on_self_invoice_portal":[],"bank_account":null,
"invoice_pdf_notes":null,"automate_complement_for_ppd_invoices":false,"customer_portal_id":null,
"eom_ppd_threshold_days":null,"refunds":{"automatic_refunds":false},"periodicity":{"label":"Mensual","value":"month"},
"default_series":{"income":{"serie":"A"},"complements":{"serie":"P"},"credit_note":{"serie":"NC"}},
"keep_full_legal_name":false}`

// settingsMap decodes settings JSON into a generic map with exact numbers.
func settingsMap(b []byte) (map[string]any, error) {
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		return nil, err
	}
	return m, nil
}

// mergeSettings applies a partial update (API.md §8): nested objects merge
// key by key, arrays and scalars are replaced, and null resets a field to its
// default. Keys that are not settings are ignored.
func mergeSettings(cur, patch, defaults map[string]any) map[string]any {
	out := make(map[string]any, len(cur))
	for k, v := range cur {
		out[k] = v
	}
	for k, v := range patch {
		def, known := defaults[k]
		switch {
		case !known:
		case v == nil:
			out[k] = def
		default:
			pm, isObj := v.(map[string]any)
			cm, curObj := out[k].(map[string]any)
			dm, _ := def.(map[string]any)
			if isObj && curObj && dm != nil {
				out[k] = mergeSettings(cm, pm, dm)
			} else {
				out[k] = v
			}
		}
	}
	return out
}

func defaultTeamSettings() *TeamSettings {
	var ts TeamSettings
	if err := json.Unmarshal([]byte(defaultSettings), &ts); err != nil {
		panic("sello: default settings: " + err.Error())
	}
	return &ts
}
