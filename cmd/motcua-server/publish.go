package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"motcua/server"
	"motcua/server/publish"
)

// publishFile writes the notice board ("catalogue notice FILE.pdf
// [--field ID]"), the QR sheet ("catalogue qr-sheet FILE.pdf") or the
// xlsx export ("catalogue export FILE.xlsx") from the centre's data
// folder, for a centre that prints without opening a browser.
func (m *Main) publishFile(ctx context.Context, verb string, args []string) error {
	fs, data := m.flags("catalogue " + verb)
	field := fs.String("field", "", "notice: one field's id (every field when empty)")
	file, err := m.parseWithFile(fs, args)
	if err != nil {
		return err
	}
	return m.writePublished(ctx, *data, verb, *field, file)
}

// writePublished writes one published file ("notice", "qr-sheet" or
// "xlsx") from the data folder; a failed file is removed, not left half
// written.
func (m *Main) writePublished(ctx context.Context, data, verb, field, file string) error {
	return m.withServer(ctx, data, func(srv *server.Server) error {
		s := srv.Engine.Settings()
		n := publish.Notice{Centre: s.CentreName, PublicURL: s.PublicURL, Date: srv.Engine.Now(), Zone: s.TimeZone}
		cat := srv.Engine.CatalogueView()
		write := func(w io.Writer) error { return publish.EncodeXLSX(w, cat) }
		switch verb {
		case "notice":
			write = func(w io.Writer) error { return publish.NoticeBoard(w, cat, field, n) }
		case "qr-sheet":
			write = func(w io.Writer) error { return publish.QRSheet(w, cat, n) }
		}
		f, err := os.Create(file)
		if err != nil {
			return err
		}
		if err := errors.Join(write(f), f.Close()); err != nil {
			os.Remove(file)
			return err
		}
		fmt.Fprintf(m.out, "wrote %s\n", file)
		return nil
	})
}
