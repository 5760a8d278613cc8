package httpapi

import (
	"fmt"

	"github.com/sello-mx/sello"
)

// RenderEvent renders the object of an event as the API shows it: the
// `data.object` of webhook payloads and of GET /v2/events. cmd/sello hands it
// to the Service with sello.WithEventRenderer. Each resource adds its case.
func RenderEvent(eventType string, object any) ([]byte, error) {
	var view any
	switch o := object.(type) {
	case *sello.Team:
		view = newTeamView(&sello.TeamState{Team: o})
	case *sello.TeamState:
		view = newTeamView(o)
	case *sello.Client:
		view = newClientView(o)
	case *sello.Product:
		view = newServiceView(o)
	case *sello.Invoice:
		view = newInvoiceView(o, invoiceLinks{})
	case *sello.Receipt:
		view = newReceiptView(o, "")
	case *sello.Payment:
		view = newPaymentView(o, "")
	default:
		return nil, fmt.Errorf("render event %s: no API view for %T", eventType, object)
	}
	return encodeJSON(view)
}

var _ sello.EventRenderer = RenderEvent
