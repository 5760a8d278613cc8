package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
)

// env is what a command may touch besides its arguments.
type env struct {
	getenv func(string) string
	stdout io.Writer
	stderr io.Writer
}

// command is one subcommand: its name ("teams create"), a one-line summary
// and the function that parses its flags and runs it.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, e *env, args []string) error
}

func commands() []command {
	return []command{
		{"serve", "run the API server", serve},
		{"migrate", "apply the database migrations and exit", migrate},
		{"teams create", "create a top-level team and print its test and live keys", teamsCreate},
		{"keys create", "issue another API key for a team", keysCreate},
		{"keys revoke", "revoke an API key: sello keys revoke KEY_ID", keysRevoke},
		{"secrets rotate", "replace a signing secret, keeping the old one for what it signed: sello secrets rotate NAME", secretsRotate},
		{"cfdi verify", "check CFDI files: structure, cadena, seals, TFD, rules", cfdiVerify},
		{"bench", "load-test a running server with authenticated requests; `bench invoices` measures end-to-end invoice creation", bench},
		{"version", "print the version", printVersion},
		{"catalogs import", "load SAT catalogs from CSV files: sello catalogs import PATH…", catalogsImport},
	}
}

// run executes the subcommand named by args[1:] (args[0] is the program).
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	e := &env{getenv: getenv, stdout: stdout, stderr: stderr}
	rest := args[1:]
	for _, c := range commands() {
		words := strings.Fields(c.name)
		if len(rest) >= len(words) && strings.Join(rest[:len(words)], " ") == c.name {
			err := c.run(ctx, e, rest[len(words):])
			if errors.Is(err, flag.ErrHelp) {
				return nil
			}
			return err
		}
	}
	usage(stderr)
	if len(rest) == 0 || rest[0] == "help" || rest[0] == "-h" || rest[0] == "--help" {
		return nil
	}
	return fmt.Errorf("unknown command %q", strings.Join(rest, " "))
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: sello <command> [flags]\n\ncommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-14s %s\n", c.name, c.summary)
	}
}

// newFlags returns a flag set that reports errors instead of exiting.
func newFlags(e *env, name string) *flag.FlagSet {
	fs := flag.NewFlagSet("sello "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	return fs
}

// parseInterspersed parses flags that may come before or after positional
// arguments and returns the positional ones.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// version is the module version from the build information.
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return strings.TrimPrefix(bi.Main.Version, "v")
	}
	return "dev"
}

func printVersion(ctx context.Context, e *env, args []string) error {
	fmt.Fprintln(e.stdout, "sello", version())
	return nil
}
