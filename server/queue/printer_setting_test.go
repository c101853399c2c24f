package queue

import (
	"context"
	"strings"
	"testing"

	"motcua/server/contract"
	"motcua/server/store"
)

// TestTicketsNeedPrinterSetting: a centre issues tickets while a kiosk's
// printer is out unless the administrator says otherwise; the choice
// reaches the kiosks in the state and in settings.changed, and survives a
// restart. Settings stored before the field existed keep issuing.
func TestTicketsNeedPrinterSetting(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	if DefaultSettings().TicketsNeedPrinter {
		t.Fatal("a new centre stops issuing tickets when a printer is out")
	}
	s := f.eng.Settings()
	s.TicketsNeedPrinter = true
	if _, err := f.eng.UpdateSettings(ctx, s, Actor{Name: "admin"}); err != nil {
		t.Fatal(err)
	}
	evs := f.pub.events()
	var ci contract.CentreInfo
	if last := evs[len(evs)-1]; last.Type != contract.EventSettingsChanged || last.Decode(&ci) != nil || !ci.TicketsNeedPrinter {
		t.Fatalf("settings.changed %s carries %+v", last.Type, ci)
	}
	f.reopen()
	st, err := f.eng.State(ctx)
	if err != nil || !st.Centre.TicketsNeedPrinter || !f.eng.Settings().TicketsNeedPrinter {
		t.Fatalf("after restart: state centre %+v, %v", st.Centre, err)
	}

	// The settings row as an older version wrote it, without the field.
	err = f.db.Update(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(`UPDATE settings SET json = replace(json, '"tickets_need_printer":true,', '') WHERE id = 1`)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var raw string
	if err := f.db.Reader().QueryRowContext(ctx, "SELECT json FROM settings WHERE id = 1").Scan(&raw); err != nil || strings.Contains(raw, "tickets_need_printer") {
		t.Fatalf("old-style settings row %q %v", raw, err)
	}
	f.reopen()
	if f.eng.Settings().TicketsNeedPrinter {
		t.Error("settings stored without the field stop tickets when a printer is out")
	}
}
