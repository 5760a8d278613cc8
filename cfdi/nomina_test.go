package cfdi_test

import (
	"strings"
	"testing"

	"github.com/sello-mx/sello/cfdi"
	"github.com/sello-mx/sello/cfdi/cfditest"
)

// nominaFull uses every element and attribute of nomina12.xslt, some
// optional ones left out, to hold the transcription in cadena_rules.go to
// xsltproc.
const nominaFull = `<n:Nomina xmlns:n="http://www.sat.gob.mx/nomina12" Version="1.2" TipoNomina="O" FechaPago="2026-07-15" FechaInicialPago="2026-07-01" FechaFinalPago="2026-07-15" NumDiasPagados="15" TotalPercepciones="1" TotalDeducciones="2" TotalOtrosPagos="3">
 <n:Emisor Curp="C" RegistroPatronal="RP" RfcPatronOrigen="RO"><n:EntidadSNCF OrigenRecurso="IM" MontoRecursoPropio="5"/></n:Emisor>
 <n:Receptor Curp="CU" NumSeguridadSocial="N" FechaInicioRelLaboral="F" Antigüedad="P1W" TipoContrato="01" Sindicalizado="Sí" TipoJornada="01" TipoRegimen="02" NumEmpleado="7" Departamento="D" Puesto="P" RiesgoPuesto="1" PeriodicidadPago="04" Banco="002" CuentaBancaria="1234" SalarioBaseCotApor="10" SalarioDiarioIntegrado="11" ClaveEntFed="JAL">
  <n:SubContratacion RfcLabora="R1" PorcentajeTiempo="50"/><n:SubContratacion RfcLabora="R2" PorcentajeTiempo="50"/>
 </n:Receptor>
 <n:Percepciones TotalSueldos="1" TotalSeparacionIndemnizacion="2" TotalJubilacionPensionRetiro="3" TotalGravado="4" TotalExento="5">
  <n:Percepcion TipoPercepcion="001" Clave="A" Concepto="Sueldo   base" ImporteGravado="1" ImporteExento="0">
   <n:AccionesOTitulos ValorMercado="1" PrecioAlOtorgarse="2"/>
   <n:HorasExtra Dias="1" TipoHoras="01" HorasExtra="2" ImportePagado="3"/><n:HorasExtra Dias="2" TipoHoras="02" HorasExtra="4" ImportePagado="6"/>
  </n:Percepcion>
  <n:Percepcion TipoPercepcion="002" Clave="B" Concepto="Otro" ImporteGravado="2" ImporteExento="1"/>
  <n:JubilacionPensionRetiro TotalUnaExhibicion="1" IngresoAcumulable="2" IngresoNoAcumulable="3"/>
  <n:SeparacionIndemnizacion TotalPagado="1" NumAñosServicio="2" UltimoSueldoMensOrd="3" IngresoAcumulable="4" IngresoNoAcumulable="5"/>
 </n:Percepciones>
 <n:Deducciones TotalOtrasDeducciones="1" TotalImpuestosRetenidos="2"><n:Deduccion TipoDeduccion="002" Clave="I" Concepto="ISR" Importe="2"/></n:Deducciones>
 <n:OtrosPagos><n:OtroPago TipoOtroPago="002" Clave="S" Concepto="Subsidio" Importe="3"><n:SubsidioAlEmpleo SubsidioCausado="3"/><n:CompensacionSaldosAFavor SaldoAFavor="1" Año="2025" RemanenteSalFav="0"/></n:OtroPago></n:OtrosPagos>
 <n:Incapacidades><n:Incapacidad DiasIncapacidad="1" TipoIncapacidad="01" ImporteMonetario="9"/><n:Incapacidad DiasIncapacidad="2" TipoIncapacidad="02"/></n:Incapacidades>
</n:Nomina>`

func TestCadenaNomina(t *testing.T) {
	t.Parallel()
	for _, version := range []string{"4.0", "3.3"} {
		data := string(minimal(`Serie="N"`, "Pago de nómina", "<c:Complemento>"+nominaFull+"</c:Complemento>"))
		if version == "3.3" {
			data = strings.NewReplacer("cfd/4", "cfd/3", `Version="4.0"`, `Version="3.3"`).Replace(data)
		}
		doc, err := cfdi.Parse([]byte(data))
		if err != nil {
			t.Fatal(err)
		}
		got, err := doc.CadenaOriginal()
		if err != nil {
			t.Fatalf("CadenaOriginal(%s nómina): %v", version, err)
		}
		if !strings.Contains(got, "|1.2|O|2026-07-15|") || !strings.Contains(got, "|Sueldo base|") {
			t.Errorf("CadenaOriginal(%s nómina) = %q", version, got)
		}
		cfditest.Oracle(t, []byte(data), cfditest.SkipSchema())
	}
}
