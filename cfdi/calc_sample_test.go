package cfdi

import (
	"encoding/xml"
	"os"
	"path/filepath"
	"testing"
)

// calcSamplesDir returns ../shared/sat/samples/signed relative to the module
// root, skipping (or failing under CI) when it is missing.
func calcSamplesDir(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the test directory")
		}
		dir = parent
	}
	samples := filepath.Join(dir, "..", "shared", "sat", "samples", "signed")
	if _, err := os.Stat(samples); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("samples missing: %v", err)
		}
		t.Skipf("samples missing: %v", err)
	}
	return samples
}

// The calcX types read the Comprobante part of a sample with encoding/xml,
// independently of the package's own reader, so the calculation tests do not
// depend on it.
type calcXComprobante struct {
	Version           string `xml:"Version,attr"`
	Serie             string `xml:"Serie,attr"`
	Folio             string `xml:"Folio,attr"`
	Fecha             string `xml:"Fecha,attr"`
	Sello             string `xml:"Sello,attr"`
	FormaPago         string `xml:"FormaPago,attr"`
	NoCertificado     string `xml:"NoCertificado,attr"`
	Certificado       string `xml:"Certificado,attr"`
	CondicionesDePago string `xml:"CondicionesDePago,attr"`
	SubTotal          string `xml:"SubTotal,attr"`
	Descuento         string `xml:"Descuento,attr"`
	Moneda            string `xml:"Moneda,attr"`
	TipoCambio        string `xml:"TipoCambio,attr"`
	Total             string `xml:"Total,attr"`
	TipoDeComprobante string `xml:"TipoDeComprobante,attr"`
	Exportacion       string `xml:"Exportacion,attr"`
	MetodoPago        string `xml:"MetodoPago,attr"`
	LugarExpedicion   string `xml:"LugarExpedicion,attr"`
	Confirmacion      string `xml:"Confirmacion,attr"`

	InformacionGlobal *struct {
		Periodicidad string `xml:"Periodicidad,attr"`
		Meses        string `xml:"Meses,attr"`
		Año          string `xml:"Año,attr"`
	} `xml:"http://www.sat.gob.mx/cfd/4 InformacionGlobal"`
	CfdiRelacionados []struct {
		TipoRelacion string `xml:"TipoRelacion,attr"`
		UUIDs        []struct {
			UUID string `xml:"UUID,attr"`
		} `xml:"http://www.sat.gob.mx/cfd/4 CfdiRelacionado"`
	} `xml:"http://www.sat.gob.mx/cfd/4 CfdiRelacionados"`
	Emisor    Emisor          `xml:"http://www.sat.gob.mx/cfd/4 Emisor"`
	Receptor  Receptor        `xml:"http://www.sat.gob.mx/cfd/4 Receptor"`
	Conceptos []calcXConcepto `xml:"http://www.sat.gob.mx/cfd/4 Conceptos>Concepto"`
	Impuestos *calcXImpuestos `xml:"http://www.sat.gob.mx/cfd/4 Impuestos"`
}

type calcXConcepto struct {
	ClaveProdServ    string `xml:"ClaveProdServ,attr"`
	NoIdentificacion string `xml:"NoIdentificacion,attr"`
	Cantidad         string `xml:"Cantidad,attr"`
	ClaveUnidad      string `xml:"ClaveUnidad,attr"`
	Unidad           string `xml:"Unidad,attr"`
	Descripcion      string `xml:"Descripcion,attr"`
	ValorUnitario    string `xml:"ValorUnitario,attr"`
	Importe          string `xml:"Importe,attr"`
	Descuento        string `xml:"Descuento,attr"`
	ObjetoImp        string `xml:"ObjetoImp,attr"`

	Traslados       []calcXTax       `xml:"http://www.sat.gob.mx/cfd/4 Impuestos>Traslados>Traslado"`
	Retenciones     []calcXTax       `xml:"http://www.sat.gob.mx/cfd/4 Impuestos>Retenciones>Retencion"`
	ACuentaTerceros *ACuentaTerceros `xml:"http://www.sat.gob.mx/cfd/4 ACuentaTerceros"`
	Aduana          []struct {
		NumeroPedimento string `xml:"NumeroPedimento,attr"`
	} `xml:"http://www.sat.gob.mx/cfd/4 InformacionAduanera"`
	Predial []struct {
		Numero string `xml:"Numero,attr"`
	} `xml:"http://www.sat.gob.mx/cfd/4 CuentaPredial"`
	Partes []struct {
		ClaveProdServ    string `xml:"ClaveProdServ,attr"`
		NoIdentificacion string `xml:"NoIdentificacion,attr"`
		Cantidad         string `xml:"Cantidad,attr"`
		Unidad           string `xml:"Unidad,attr"`
		Descripcion      string `xml:"Descripcion,attr"`
		ValorUnitario    string `xml:"ValorUnitario,attr"`
		Importe          string `xml:"Importe,attr"`
	} `xml:"http://www.sat.gob.mx/cfd/4 Parte"`
}

type calcXTax struct {
	Base       string `xml:"Base,attr"`
	Impuesto   string `xml:"Impuesto,attr"`
	TipoFactor string `xml:"TipoFactor,attr"`
	TasaOCuota string `xml:"TasaOCuota,attr"`
	Importe    string `xml:"Importe,attr"`
}

type calcXImpuestos struct {
	TotalImpuestosRetenidos   string     `xml:"TotalImpuestosRetenidos,attr"`
	TotalImpuestosTrasladados string     `xml:"TotalImpuestosTrasladados,attr"`
	Retenciones               []calcXTax `xml:"http://www.sat.gob.mx/cfd/4 Retenciones>Retencion"`
	Traslados                 []calcXTax `xml:"http://www.sat.gob.mx/cfd/4 Traslados>Traslado"`
}

// calcReadSample reads the Comprobante part (no complements) of a signed sample.
func calcReadSample(t testing.TB, name string) *Comprobante {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(calcSamplesDir(t), name))
	if err != nil {
		t.Fatal(err)
	}
	var x calcXComprobante
	if err := xml.Unmarshal(b, &x); err != nil {
		t.Fatalf("read %s: %v", name, err)
	}
	c := &Comprobante{
		Version: x.Version, Serie: x.Serie, Folio: x.Folio, Fecha: x.Fecha, Sello: x.Sello,
		FormaPago: x.FormaPago, NoCertificado: x.NoCertificado, Certificado: x.Certificado,
		CondicionesDePago: x.CondicionesDePago, SubTotal: x.SubTotal, Descuento: x.Descuento,
		Moneda: x.Moneda, TipoCambio: x.TipoCambio, Total: x.Total, TipoDeComprobante: x.TipoDeComprobante,
		Exportacion: x.Exportacion, MetodoPago: x.MetodoPago, LugarExpedicion: x.LugarExpedicion,
		Confirmacion: x.Confirmacion, Emisor: x.Emisor, Receptor: x.Receptor,
	}
	if g := x.InformacionGlobal; g != nil {
		c.InformacionGlobal = &InformacionGlobal{Periodicidad: g.Periodicidad, Meses: g.Meses, Año: g.Año}
	}
	for _, r := range x.CfdiRelacionados {
		rel := CfdiRelacionados{TipoRelacion: r.TipoRelacion}
		for _, u := range r.UUIDs {
			rel.UUIDs = append(rel.UUIDs, u.UUID)
		}
		c.CfdiRelacionados = append(c.CfdiRelacionados, rel)
	}
	for _, k := range x.Conceptos {
		c.Conceptos = append(c.Conceptos, k.concepto())
	}
	if i := x.Impuestos; i != nil {
		c.Impuestos = &Impuestos{TotalImpuestosRetenidos: i.TotalImpuestosRetenidos, TotalImpuestosTrasladados: i.TotalImpuestosTrasladados}
		for _, r := range i.Retenciones {
			c.Impuestos.Retenciones = append(c.Impuestos.Retenciones, Retencion(r))
		}
		for _, tr := range i.Traslados {
			c.Impuestos.Traslados = append(c.Impuestos.Traslados, Traslado(tr))
		}
	}
	return c
}

func (k calcXConcepto) concepto() Concepto {
	c := Concepto{
		ClaveProdServ: k.ClaveProdServ, NoIdentificacion: k.NoIdentificacion, Cantidad: k.Cantidad,
		ClaveUnidad: k.ClaveUnidad, Unidad: k.Unidad, Descripcion: k.Descripcion,
		ValorUnitario: k.ValorUnitario, Importe: k.Importe, Descuento: k.Descuento, ObjetoImp: k.ObjetoImp,
		ACuentaTerceros: k.ACuentaTerceros,
	}
	for _, t := range k.Traslados {
		c.Traslados = append(c.Traslados, Traslado(t))
	}
	for _, r := range k.Retenciones {
		c.Retenciones = append(c.Retenciones, Retencion(r))
	}
	for _, a := range k.Aduana {
		c.InformacionAduanera = append(c.InformacionAduanera, a.NumeroPedimento)
	}
	for _, p := range k.Predial {
		c.CuentaPredial = append(c.CuentaPredial, p.Numero)
	}
	for _, p := range k.Partes {
		c.Partes = append(c.Partes, Parte{ClaveProdServ: p.ClaveProdServ, NoIdentificacion: p.NoIdentificacion,
			Cantidad: p.Cantidad, Unidad: p.Unidad, Descripcion: p.Descripcion,
			ValorUnitario: p.ValorUnitario, Importe: p.Importe})
	}
	return c
}
