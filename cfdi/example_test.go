package cfdi_test

import (
	"fmt"

	"github.com/sello-mx/sello/cfdi"
)

func ExampleCadenaOriginal() {
	c := &cfdi.Comprobante{
		Version: "4.0", Fecha: "2026-07-01T09:00:00", NoCertificado: "30001000000500003416",
		SubTotal: "100.00", Moneda: "MXN", Total: "116.00", TipoDeComprobante: "I",
		Exportacion: "01", MetodoPago: "PUE", FormaPago: "01", LugarExpedicion: "42501",
		Emisor:   cfdi.Emisor{Rfc: "EKU9003173C9", Nombre: "ESCUELA KEMPER URGATE", RegimenFiscal: "601"},
		Receptor: cfdi.Receptor{Rfc: "XAXX010101000", Nombre: "PUBLICO EN GENERAL", DomicilioFiscalReceptor: "42501", RegimenFiscalReceptor: "616", UsoCFDI: "S01"},
		Conceptos: []cfdi.Concepto{{
			ClaveProdServ: "01010101", Cantidad: "1", ClaveUnidad: "ACT", Descripcion: "Venta   de  mostrador",
			ValorUnitario: "100.00", Importe: "100.00", ObjetoImp: "02",
			Traslados: []cfdi.Traslado{{Base: "100.00", Impuesto: "002", TipoFactor: "Tasa", TasaOCuota: "0.160000", Importe: "16.00"}},
		}},
		Impuestos: &cfdi.Impuestos{TotalImpuestosTrasladados: "16.00",
			Traslados: []cfdi.Traslado{{Base: "100.00", Impuesto: "002", TipoFactor: "Tasa", TasaOCuota: "0.160000", Importe: "16.00"}}},
	}
	cadena, err := cfdi.CadenaOriginal(c)
	if err != nil {
		panic(err)
	}
	fmt.Println(cadena)
	// Output:
	// ||4.0|2026-07-01T09:00:00|01|30001000000500003416|100.00|MXN|116.00|I|01|PUE|42501|EKU9003173C9|ESCUELA KEMPER URGATE|601|XAXX010101000|PUBLICO EN GENERAL|42501|616|S01|01010101|1|ACT|Venta de mostrador|100.00|100.00|02|100.00|002|Tasa|0.160000|16.00|100.00|002|Tasa|0.160000|16.00|16.00||
}

func ExampleQRExpression() {
	c := &cfdi.Comprobante{
		Total:    "1000.00",
		Sello:    "…base64…YRhNjeNw==",
		Emisor:   cfdi.Emisor{Rfc: "H&E951128469"},
		Receptor: cfdi.Receptor{Rfc: "COSC8001137NA"},
		Complemento: cfdi.Complemento{
			TFD: &cfdi.TimbreFiscalDigital{UUID: "C2832671-DA6D-11EF-A83D-00155D012007"},
		},
	}
	fmt.Println(cfdi.QRExpression(c))
	// Output:
	// https://verificacfdi.facturaelectronica.sat.gob.mx/default.aspx?id=C2832671-DA6D-11EF-A83D-00155D012007&re=H&amp;E951128469&rr=COSC8001137NA&tt=1000.0&fe=hNjeNw==
}
