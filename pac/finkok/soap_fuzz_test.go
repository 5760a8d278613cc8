package finkok

import (
	"errors"
	"testing"
)

// FuzzDecodeResult feeds Finkok's answers, which are outside input, to the
// SOAP reader: it must never panic, and must give either a result or an
// error.
func FuzzDecodeResult(f *testing.F) {
	f.Add([]byte(`<senv:Envelope xmlns:senv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:s0="apps.services.soap.core.views"><senv:Body><tns:stampResponse><tns:stampResult><s0:xml>&lt;a/&gt;</s0:xml><s0:Incidencias><s0:Incidencia><s0:CodigoError>307</s0:CodigoError></s0:Incidencia></s0:Incidencias></tns:stampResult></tns:stampResponse></senv:Body></senv:Envelope>`))
	f.Add([]byte(`<senv:Envelope xmlns:senv="http://schemas.xmlsoap.org/soap/envelope/"><senv:Body><senv:Fault><faultcode>senv:Server</faultcode><faultstring>x</faultstring></senv:Fault></senv:Body></senv:Envelope>`))
	f.Add([]byte(`<stampResult><xml>`))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		var res acuseRecepcion
		err := decodeResult(data, "stampResult", &res)
		if err == nil && len(data) == 0 {
			t.Errorf("decodeResult(empty) = nil, want an error")
		}
		if errors.Is(err, errNoResult) && (res.XML != "" || len(res.Incidencias) > 0) {
			t.Errorf("decodeResult() filled the result and said there is none")
		}
	})
}
