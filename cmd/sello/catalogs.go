package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/sello-mx/sello"
)

// catalogsImport loads SAT catalogs from CSV files (or directories of them)
// into the database; each catalog is replaced atomically.
func catalogsImport(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "catalogs import")
	db := dbFlag(fs, e)
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return errors.New("usage: sello catalogs import PATH… (CSV files named c_<Catalog>.csv, or directories of them)")
	}
	files, err := catalogFiles(pos)
	if err != nil {
		return err
	}
	return withService(ctx, e, *db, func(svc *sello.Service) error {
		for _, f := range files {
			n, err := importCatalogFile(ctx, svc, f)
			if err != nil {
				return cliError(err)
			}
			fmt.Fprintf(e.stdout, "%s: %d rows\n", f.name, n)
		}
		return nil
	})
}

type catalogFile struct{ name, path string }

// catalogFiles expands directories into their c_*.csv files.
func catalogFiles(paths []string) ([]catalogFile, error) {
	var out []catalogFile
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		list := []string{p}
		if st.IsDir() {
			if list, err = filepath.Glob(filepath.Join(p, "c_*.csv")); err != nil {
				return nil, err
			}
			sort.Strings(list)
		}
		for _, f := range list {
			name, err := sello.CatalogName(f)
			if err != nil {
				return nil, cliError(err)
			}
			out = append(out, catalogFile{name: name, path: f})
		}
	}
	return out, nil
}

func importCatalogFile(ctx context.Context, svc *sello.Service, f catalogFile) (int, error) {
	r, err := os.Open(f.path)
	if err != nil {
		return 0, err
	}
	defer r.Close()
	entries, err := sello.ReadCatalogCSV(f.name, r)
	if err != nil {
		return 0, err
	}
	if err := svc.ImportCatalog(ctx, f.name, entries); err != nil {
		return 0, fmt.Errorf("%s: %w", f.path, err)
	}
	return len(entries), nil
}
