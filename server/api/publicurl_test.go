package api_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"motcua/server/contract"
	"motcua/server/servertest"
)

// TestSettingsPublicURL: the centre's public address is checked
// (http(s)://host[:port] with nothing after it but a slash, or empty),
// stored without a trailing slash, and published to kiosks in the state's
// centre and in settings.changed.
func TestSettingsPublicURL(t *testing.T) {
	srv := servertest.New(t)
	ctx := context.Background()
	admin := sessionToken(t, srv, servertest.AdminUser, servertest.AdminPassword)
	put := func(u string) (int, string, []byte) {
		s := srv.Engine.Settings()
		s.PublicURL = u
		b, _ := json.Marshal(s)
		return call(t, srv, "PUT", "/api/v1/settings", admin, b)
	}
	for _, bad := range []string{
		"192.168.1.10", "motcua.local:8080", "ftp://192.168.1.10", "http://", "https:///t", "http://:8080",
		"http://192.168.1.10/?x=1", "http://192.168.1.10?", "http://192.168.1.10/#top", "http://admin:mat-khau@192.168.1.10",
		"javascript:alert(1)", "http://192.168.1.10/a b", "http://192.168.1.10:port", "mailto:a@b.vn", "//192.168.1.10",
		"http://" + strings.Repeat("a", 200) + ".vn", "http://192.168.1.10/motcua", "https://hang-doi.giavien.vn/t/",
	} {
		status, code, b := put(bad)
		if status != 400 || code != contract.CodeInvalid {
			t.Errorf("public_url %q: %d %s %s, want 400 invalid", bad, status, code, b)
			continue
		}
		if !strings.Contains(string(b), "public address") {
			t.Errorf("public_url %q: the message does not name the field: %s", bad, b)
		}
	}
	if got := srv.Engine.Settings().PublicURL; got != "" {
		t.Fatalf("a refused address was kept: %q", got)
	}

	st, err := srv.Kiosk().State(ctx)
	if err != nil {
		t.Fatal(err)
	}
	goods := []struct{ in, want string }{
		{"http://192.168.1.10/", "http://192.168.1.10"},
		{" https://hang-doi.giavien.vn:8443 ", "https://hang-doi.giavien.vn:8443"},
		{"HTTP://192.168.1.10:8080", "http://192.168.1.10:8080"},
		{"", ""},
	}
	for _, g := range goods {
		in, want := g.in, g.want
		status, _, b := put(in)
		if status != 200 {
			t.Fatalf("public_url %q: %d %s", in, status, b)
		}
		var s contract.Settings
		json.Unmarshal(b, &s)
		if s.PublicURL != want || srv.Engine.Settings().PublicURL != want {
			t.Errorf("public_url %q stored as %q (answer %q), want %q", in, srv.Engine.Settings().PublicURL, s.PublicURL, want)
		}
		got, err := srv.Kiosk().State(ctx)
		if err != nil || got.Centre.PublicURL != want {
			t.Errorf("public_url %q: the kiosk's state has %q %v", in, got.Centre.PublicURL, err)
		}
	}
	// Every change reached the kiosks in settings.changed, in order.
	evs, _, err := srv.DB.EventsSince(ctx, st.Seq, 100, srv.Engine.Location())
	if err != nil {
		t.Fatal(err)
	}
	var seen []string
	for _, ev := range evs {
		var ci contract.CentreInfo
		if ev.Event.Type == contract.EventSettingsChanged && ev.Event.Decode(&ci) == nil {
			seen = append(seen, ci.PublicURL)
		}
	}
	if want := []string{goods[0].want, goods[1].want, goods[2].want, goods[3].want}; strings.Join(seen, ",") != strings.Join(want, ",") {
		t.Fatalf("settings.changed carried %q, want %q", seen, want)
	}
}
