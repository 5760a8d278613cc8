package finkok_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	sello "github.com/sello-mx/sello"
	"github.com/sello-mx/sello/pac/finkok"
)

// reply is a canned answer: an HTTP status and a body.
type reply struct {
	status int
	body   string
}

// canned starts a server that answers each operation (read from the
// SOAPAction header) with its reply, and an adapter for it. It returns the
// operations called, in order.
func canned(t *testing.T, replies map[string]reply) (*finkok.PAC, func() []string) {
	t.Helper()
	var mu sync.Mutex
	var calls []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		op := strings.Trim(r.Header.Get("SOAPAction"), `"`)
		mu.Lock()
		calls = append(calls, op)
		mu.Unlock()
		rep, ok := replies[op]
		if !ok {
			t.Errorf("unexpected call of %s", op)
			rep = reply{http.StatusNotFound, ""}
		}
		w.WriteHeader(rep.status)
		_, _ = w.Write([]byte(rep.body))
	}))
	t.Cleanup(srv.Close)
	p, err := finkok.New(finkok.Config{URL: srv.URL, Username: "u", Password: "p", Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return p, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), calls...)
	}
}

// result wraps the fields of op's result in a SOAP answer, as Finkok's
// server writes it.
func result(op, fields string) reply {
	return reply{http.StatusOK, `<?xml version='1.0' encoding='UTF-8'?>
<senv:Envelope xmlns:senv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:s0="apps.services.soap.core.views" xmlns:tns="http://facturacion.finkok.com/stamp"><senv:Body><tns:` + op + `Response><tns:` + op + `Result>` + fields + `</tns:` + op + `Result></tns:` + op + `Response></senv:Body></senv:Envelope>`}
}

// incidencia is an Incidencias element with one incidencia per code.
func incidencia(codes ...string) string {
	s := "<s0:xml></s0:xml><s0:Incidencias>"
	for _, c := range codes {
		s += "<s0:Incidencia><s0:CodigoError>" + c + "</s0:CodigoError><s0:MensajeIncidencia>mensaje " + c + "</s0:MensajeIncidencia></s0:Incidencia>"
	}
	return s + "</s0:Incidencias>"
}

// escaped is xml as text content.
func escaped(xml []byte) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(string(xml))
}

const fault = `<?xml version='1.0' encoding='UTF-8'?><senv:Envelope xmlns:senv="http://schemas.xmlsoap.org/soap/envelope/"><senv:Body><senv:Fault><faultcode>senv:Server</faultcode><faultstring>'NoneType' object has no attribute 'date'</faultstring></senv:Fault></senv:Body></senv:Envelope>`

func TestStampAnswers(t *testing.T) {
	t.Parallel()
	b := setup(t, options{})
	in := invoice(t, "30")
	stamped, err := b.sandbox.Stamp(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	other, err := b.sandbox.Stamp(context.Background(), invoice(t, "31"))
	if err != nil {
		t.Fatal(err)
	}
	withXML := func(xml []byte, codes ...string) string {
		s := incidencia(codes...)
		return strings.Replace(s, "<s0:xml></s0:xml>", "<s0:xml>"+escaped(xml)+"</s0:xml>", 1)
	}
	tests := []struct {
		name    string
		replies map[string]reply
		code    sello.Code
		fields  []sello.FieldError
		calls   []string
	}{
		{"fault with 200", map[string]reply{"stamp": {200, fault}}, sello.StampUnavailable, nil, []string{"stamp"}},
		{"fault with 500", map[string]reply{"stamp": {500, fault}}, sello.StampUnavailable, nil, []string{"stamp"}},
		{"503 page", map[string]reply{"stamp": {503, "<html>busy</html>"}}, sello.StampUnavailable, nil, []string{"stamp"}},
		{"not XML", map[string]reply{"stamp": {200, "{}"}}, sello.StampUnavailable, nil, []string{"stamp"}},
		{"no result", map[string]reply{"stamp": result("other", "")}, sello.StampUnavailable, nil, []string{"stamp"}},
		{"empty result", map[string]reply{"stamp": result("stamp", "<s0:xml/>")}, sello.StampUnavailable, nil, []string{"stamp"}},
		{"a repeated incidencia", map[string]reply{"stamp": result("stamp", incidencia("705", "705"))}, sello.StampRejected,
			[]sello.FieldError{{Problem: "mensaje 705", SATCode: "705"}}, []string{"stamp"}},
		{"two incidencias", map[string]reply{"stamp": result("stamp", incidencia("CFDI40108", "CFDI40157"))}, sello.StampRejected,
			[]sello.FieldError{{Problem: "mensaje CFDI40108", SATCode: "CFDI40108"}, {Problem: "mensaje CFDI40157", SATCode: "CFDI40157"}}, []string{"stamp"}},
		{"307 with the earlier XML", map[string]reply{"stamp": result("stamp", withXML(stamped.XML, "307"))}, "", nil, []string{"stamp"}},
		{"307, stamped returns it", map[string]reply{"stamp": result("stamp", incidencia("307", "307")), "stamped": result("stamped", withXML(stamped.XML))},
			"", nil, []string{"stamp", "stamped"}},
		{"307, stamped says 603", map[string]reply{"stamp": result("stamp", incidencia("307")), "stamped": result("stamped", incidencia("603"))},
			sello.StampUnavailable, nil, []string{"stamp", "stamped"}},
		{"307, stamped fails", map[string]reply{"stamp": result("stamp", incidencia("307")), "stamped": {500, fault}},
			sello.StampUnavailable, nil, []string{"stamp", "stamped"}},
		{"another document", map[string]reply{"stamp": result("stamp", withXML(other.XML))}, sello.Internal, nil, []string{"stamp"}},
		{"XML without TFD", map[string]reply{"stamp": result("stamp", withXML(in))}, sello.StampUnavailable, nil, []string{"stamp"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, calls := canned(t, tt.replies)
			st, err := p.Stamp(context.Background(), in)
			if tt.code == "" {
				if err != nil || st.UUID != stamped.UUID || string(st.XML) != string(stamped.XML) {
					t.Errorf("Stamp() = %+v, %v; want the stamp %s", st, err, stamped.UUID)
				}
			} else {
				var e *sello.Error
				if !errors.As(err, &e) || e.Code != tt.code {
					t.Fatalf("Stamp() = %+v, %v; want %s", st, err, tt.code)
				}
				if diff := cmp.Diff(tt.fields, e.Fields); diff != "" {
					t.Errorf("Stamp() fields mismatch (-want +got):\n%s", diff)
				}
			}
			if diff := cmp.Diff(tt.calls, calls()); diff != "" {
				t.Errorf("calls mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestStampedAnswers(t *testing.T) {
	t.Parallel()
	b := setup(t, options{})
	in := invoice(t, "33")
	st, err := b.sandbox.Stamp(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		reply reply
		code  sello.Code // "" for the stamp
	}{
		{"the stamp", result("stamped", "<s0:xml>"+escaped(st.XML)+"</s0:xml><s0:UUID>"+st.UUID+"</s0:UUID>"), ""},
		{"603", result("stamped", incidencia("603")), sello.NotFound},
		{"another incidencia", result("stamped", incidencia("300")), sello.StampUnavailable},
		{"nothing", result("stamped", "<s0:xml/>"), sello.StampUnavailable},
		{"fault", reply{500, fault}, sello.StampUnavailable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, _ := canned(t, map[string]reply{"stamped": tt.reply})
			got, err := p.Stamped(context.Background(), in)
			if tt.code == "" {
				if err != nil || got.UUID != st.UUID {
					t.Errorf("Stamped() = %+v, %v; want the stamp %s", got, err, st.UUID)
				}
				return
			}
			if code := sello.ErrorCode(err); code != tt.code {
				t.Errorf("Stamped() = %+v, %v; want %s", got, err, tt.code)
			}
		})
	}
}

func TestCancelAnswers(t *testing.T) {
	t.Parallel()
	b := setup(t, options{})
	req := cancelRequest(t, b, "32")
	folio := func(estatus, cancelacion string) string {
		return "<s0:Folios><s0:Folio><s0:UUID>" + req.UUID + "</s0:UUID><s0:EstatusUUID>" + estatus +
			"</s0:EstatusUUID><s0:EstatusCancelacion>" + cancelacion + "</s0:EstatusCancelacion></s0:Folio></s0:Folios>"
	}
	at := time.Date(2019, 4, 5, 16, 29, 47, 138032000, mexico)
	tests := []struct {
		name  string
		reply reply
		want  *sello.Cancellation
		code  sello.Code
		sat   string
	}{
		{"accepted", result("cancel", folio("201", "Cancelado sin aceptación")+"<s0:Acuse>&lt;Acuse/&gt;</s0:Acuse><s0:Fecha>2019-04-05 16:29:47.138032</s0:Fecha>"),
			&sello.Cancellation{Status: sello.CancellationAccepted, Acuse: []byte("<Acuse/>"), At: at, SATStatus: "Cancelado sin aceptación"}, "", ""},
		{"requested before, T in Fecha", result("cancel", folio("202", "Cancelado sin aceptación")+"<s0:Fecha>2019-04-05T16:29:47.138032</s0:Fecha>"),
			&sello.Cancellation{Status: sello.CancellationAccepted, At: at, SATStatus: "Cancelado sin aceptación"}, "", ""},
		{"in process", result("cancel", folio("201", "En proceso")), &sello.Cancellation{Status: sello.CancellationPending, SATStatus: "En proceso"}, "", ""},
		{"refused", result("cancel", folio("201", "Solicitud rechazada")), &sello.Cancellation{Status: sello.CancellationRejected, SATStatus: "Solicitud rechazada"}, "", ""},
		{"no cancelable", result("cancel", folio("no_cancelable", "")), nil, sello.Rejected, "no_cancelable"},
		{"SAT unreachable", result("cancel", "<s0:CodEstatus>708</s0:CodEstatus>"), nil, sello.StampUnavailable, ""},
		{"certificate", result("cancel", "<s0:CodEstatus>711</s0:CodEstatus>"), nil, sello.Rejected, "711"},
		{"fault", reply{500, fault}, nil, sello.StampUnavailable, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, _ := canned(t, map[string]reply{"cancel": tt.reply})
			got, err := p.Cancel(context.Background(), req)
			if tt.want != nil {
				if err != nil {
					t.Fatalf("Cancel() = %v", err)
				}
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("Cancel() mismatch (-want +got):\n%s", diff)
				}
				return
			}
			var e *sello.Error
			if !errors.As(err, &e) || e.Code != tt.code {
				t.Fatalf("Cancel() = %+v, %v; want %s", got, err, tt.code)
			}
			if tt.sat != "" && (len(e.Fields) != 1 || e.Fields[0].SATCode != tt.sat) {
				t.Errorf("Cancel() fields = %+v, want one with SATCode %s", e.Fields, tt.sat)
			}
		})
	}
}

func TestCancellationStatusAnswers(t *testing.T) {
	t.Parallel()
	req := sello.CancelRequest{UUID: "5FB2822E-396D-4725-8521-CDC4BDD20CCF", EmisorRFC: "EKU9003173C9", ReceptorRFC: "COSC8001137NA", Total: "1160.00"}
	sat := func(estado, estatus string) reply {
		return result("get_sat_status", "<s0:sat><s0:CodigoEstatus>S - Comprobante obtenido satisfactoriamente.</s0:CodigoEstatus><s0:Estado>"+estado+
			"</s0:Estado><s0:EsCancelable>Cancelable con aceptación</s0:EsCancelable><s0:EstatusCancelacion>"+estatus+"</s0:EstatusCancelacion></s0:sat>")
	}
	tests := []struct {
		name    string
		replies map[string]reply
		want    *sello.Cancellation
		code    sello.Code
	}{
		{"cancelled, acuse", map[string]reply{"get_sat_status": sat("Cancelado", "Plazo vencido"),
			"get_receipt": result("get_receipt", "<s0:success>true</s0:success><s0:receipt>&lt;Acuse/&gt;</s0:receipt><s0:date>2026-11-26T10:05:00</s0:date>")},
			&sello.Cancellation{Status: sello.CancellationAccepted, Acuse: []byte("<Acuse/>"), At: clock, SATStatus: "Plazo vencido"}, ""},
		{"cancelled, no acuse yet", map[string]reply{"get_sat_status": sat("Cancelado", ""),
			"get_receipt": result("get_receipt", "<s0:success>false</s0:success><s0:error>sin acuse</s0:error>")},
			&sello.Cancellation{Status: sello.CancellationAccepted, SATStatus: "Cancelado"}, ""},
		{"cancelled, get_receipt fails", map[string]reply{"get_sat_status": sat("Cancelado", "Cancelado con aceptación"), "get_receipt": {500, fault}},
			&sello.Cancellation{Status: sello.CancellationAccepted, SATStatus: "Cancelado con aceptación"}, ""},
		{"in process", map[string]reply{"get_sat_status": sat("Vigente", "En proceso")},
			&sello.Cancellation{Status: sello.CancellationPending, SATStatus: "En proceso"}, ""},
		{"refused", map[string]reply{"get_sat_status": sat("Vigente", "Solicitud rechazada")},
			&sello.Cancellation{Status: sello.CancellationRejected, SATStatus: "Solicitud rechazada"}, ""},
		{"not found", map[string]reply{"get_sat_status": sat("No encontrado", "")}, nil, sello.NotFound},
		{"N 601 with Vigente", map[string]reply{"get_sat_status": result("get_sat_status",
			"<s0:sat><s0:CodigoEstatus>N 601 - La expresión impresa proporcionada no es válida.</s0:CodigoEstatus><s0:Estado>Vigente</s0:Estado></s0:sat>")}, nil, sello.NotFound},
		{"error", map[string]reply{"get_sat_status": result("get_sat_status", "<s0:error>Error al consultar</s0:error>")}, nil, sello.StampUnavailable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, _ := canned(t, tt.replies)
			got, err := p.CancellationStatus(context.Background(), req)
			if tt.want == nil {
				if sello.ErrorCode(err) != tt.code {
					t.Errorf("CancellationStatus() = %+v, %v; want %s", got, err, tt.code)
				}
				return
			}
			if err != nil {
				t.Fatalf("CancellationStatus() = %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("CancellationStatus() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
