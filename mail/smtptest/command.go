package smtptest

import (
	"errors"
	"strings"
)

// parseCommand splits a command line into its verb, upper-cased, and the
// rest (RFC 5321 §4.1.1: the verb, a space, the arguments).
func parseCommand(line string) (verb, arg string) {
	verb, arg, _ = strings.Cut(line, " ")
	return strings.ToUpper(verb), strings.TrimSpace(arg)
}

// errSyntax is a malformed MAIL or RCPT argument.
var errSyntax = errors.New("syntax error in parameters")

// parsePath reads the argument of MAIL ("FROM:<addr> [params]") or RCPT
// ("TO:<addr> [params]") and returns addr; "<>" gives "". Parameters such
// as BODY=8BITMIME and SMTPUTF8 are accepted and ignored; source routes
// ("<@a,@b:addr>") are stripped, as RFC 5321 §4.1.1.3 allows.
func parsePath(arg, keyword string) (string, error) {
	if len(arg) < len(keyword)+1 || !strings.EqualFold(arg[:len(keyword)], keyword) || arg[len(keyword)] != ':' {
		return "", errSyntax
	}
	rest := strings.TrimLeft(arg[len(keyword)+1:], " ")
	if !strings.HasPrefix(rest, "<") {
		return "", errSyntax
	}
	end := strings.IndexByte(rest, '>')
	if end < 0 {
		return "", errSyntax
	}
	addr, params := rest[1:end], rest[end+1:]
	if params != "" && params[0] != ' ' {
		return "", errSyntax
	}
	if strings.HasPrefix(addr, "@") {
		i := strings.IndexByte(addr, ':')
		if i < 0 {
			return "", errSyntax
		}
		addr = addr[i+1:]
	}
	if strings.ContainsAny(addr, " <\t") || addr != "" && !validMailbox(addr) {
		return "", errSyntax
	}
	return addr, nil
}

// validMailbox checks the shape local@domain, without judging either part
// further: a test server should be as lenient as a real one.
func validMailbox(addr string) bool {
	i := strings.LastIndexByte(addr, '@')
	return i > 0 && i < len(addr)-1
}
