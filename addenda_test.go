package sello

import (
	"strings"
	"testing"
)

func TestCheckAddenda(t *testing.T) {
	t.Parallel()
	for _, ok := range []string{
		`<ext:Pedido xmlns:ext="urn:ejemplo:pedido" numero="A-17"/>`,
		` <a>1</a> <!-- nota --> <b x="2"><c/></b> `,
		`<cfdi:Nota>usa el prefijo de la raíz</cfdi:Nota>`,
		`<p:x xmlns:p="urn:p"><p:y p:z="1"/></p:x>`,
	} {
		if err := checkAddenda(ok); err != nil {
			t.Errorf("checkAddenda(%q) = %v, want nil", ok, err)
		}
	}
	for bad, want := range map[string]string{
		`<a>`:                       "not closed",
		`<a></b>`:                   "well-formed",
		`texto`:                     "text outside an element",
		`<a/>texto`:                 "text outside an element",
		`<ext:Pedido/>`:             `prefix "ext"`,
		`<a q:b="1"/>`:              `prefix "q"`,
		`<?xml version="1.0"?><a/>`: "no declarations",
		`  `:                        "at least one XML element",
		`<a>&nope;</a>`:             "well-formed",
	} {
		err := checkAddenda(bad)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("checkAddenda(%q) = %v, want an error with %q", bad, err, want)
		}
	}
}
