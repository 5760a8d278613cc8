package cfdi

func valPagos(v *valCtx) {}
