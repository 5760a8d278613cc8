package finkok

import (
	"context"
	"fmt"
	"strings"

	sello "github.com/sello-mx/sello"
	"github.com/sello-mx/sello/pac"
)

// acuseSatEstatus is Finkok's AcuseSatEstatus, the result of
// get_sat_status: the SAT query service's answer, or an error.
type acuseSatEstatus struct {
	Error string `xml:"error"`
	SAT   struct {
		CodigoEstatus      string `xml:"CodigoEstatus"`
		Estado             string `xml:"Estado"`
		EsCancelable       string `xml:"EsCancelable"`
		EstatusCancelacion string `xml:"EstatusCancelacion"`
	} `xml:"sat"`
}

// receiptResult is Finkok's ReceiptResult, the result of get_receipt.
type receiptResult struct {
	Success    bool   `xml:"success"`
	UUID       string `xml:"uuid"`
	Receipt    string `xml:"receipt"`
	TaxpayerID string `xml:"taxpayer_id"`
	Error      string `xml:"error"`
	Date       string `xml:"date"`
}

// CancellationStatus asks the SAT, through Finkok's get_sat_status, how the
// cancellation of req.UUID stands (it needs EmisorRFC, ReceptorRFC and
// Total as written in the CFDI). When the SAT says cancelled it also asks
// get_receipt for the acuse; an acuse Finkok cannot give yet is left nil.
//
// Errors: NotFound when the SAT does not know the CFDI as named ("No
// encontrado", or a CodigoEstatus starting with "N");
// StampUnavailable when Finkok cannot be reached or reports an error.
func (p *PAC) CancellationStatus(ctx context.Context, req sello.CancelRequest) (*sello.Cancellation, error) {
	r := newRequest(cancelNamespace, "get_sat_status")
	r.param("username", p.username)
	r.param("password", p.password)
	r.param("taxpayer_id", req.EmisorRFC)
	r.param("rtaxpayer_id", req.ReceptorRFC)
	r.param("uuid", strings.ToUpper(req.UUID))
	r.param("total", req.Total)
	var res acuseSatEstatus
	if err := p.call(ctx, p.cancelURL, r, &res); err != nil {
		return nil, err
	}
	if res.Error != "" {
		return nil, pac.Unavailable(fmt.Errorf("finkok get_sat_status: %s", res.Error))
	}
	sat := res.SAT
	// "N - 601"/"N - 602": the SAT did not match the query; Finkok was seen
	// answering Estado "Vigente" along with N 601, so the N decides.
	if strings.EqualFold(sat.Estado, "No encontrado") || strings.HasPrefix(strings.TrimSpace(sat.CodigoEstatus), "N") {
		return nil, sello.Errorf(sello.NotFound, "the SAT does not know CFDI %s (%s)", req.UUID, sat.CodigoEstatus)
	}
	c := &sello.Cancellation{Status: statusOf(sat.Estado, sat.EstatusCancelacion), SATStatus: sat.EstatusCancelacion}
	if c.SATStatus == "" {
		c.SATStatus = sat.Estado
	}
	if c.Status == sello.CancellationAccepted {
		if rec, err := p.receipt(ctx, req); err == nil && rec.Success && rec.Receipt != "" {
			c.Acuse = []byte(rec.Receipt)
			c.At = p.parseTime(rec.Date)
		}
	}
	return c, nil
}

// receipt calls get_receipt for the cancellation acuse ("C") of req.UUID.
func (p *PAC) receipt(ctx context.Context, req sello.CancelRequest) (*receiptResult, error) {
	r := newRequest(cancelNamespace, "get_receipt")
	r.param("username", p.username)
	r.param("password", p.password)
	r.param("taxpayer_id", req.EmisorRFC)
	r.param("uuid", strings.ToUpper(req.UUID))
	r.param("type", "C")
	var res receiptResult
	if err := p.call(ctx, p.cancelURL, r, &res); err != nil {
		return nil, err
	}
	return &res, nil
}
