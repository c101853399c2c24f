package client_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"motcua/server/client"
	"motcua/server/contract"
	"motcua/server/servertest"
	"motcua/server/tlscert"
)

// tlsServer serves the real server's handler over HTTPS on 127.0.0.1 with
// a certificate from the centre's own CA (made for 127.0.0.1 only), and
// returns the HTTPS URL and the CA file.
func tlsServer(t testing.TB) (*servertest.Server, string, string) {
	t.Helper()
	srv := servertest.New(t)
	dir := t.TempDir()
	// The TLS stack checks validity against the real clock: the
	// certificate is made around it (from an hour ago for 825 days).
	res, err := tlscert.Issue(tlscert.Options{Dir: dir, Names: []string{"127.0.0.1"}, Now: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	cfg, _, err := tlscert.ServerConfig(res.CertPath, res.KeyPath)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewUnstartedServer(srv.Handler())
	ts.TLS = cfg
	ts.StartTLS()
	t.Cleanup(ts.Close)
	return srv, ts.URL, filepath.Join(dir, tlscert.CAFile)
}

func TestTLSWithCA(t *testing.T) {
	srv, url, caFile := tlsServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()

	display, err := client.New(url, srv.DisplayToken, client.WithCAFile(caFile))
	if err != nil {
		t.Fatal(err)
	}
	st, err := display.State(ctx)
	if err != nil {
		t.Fatalf("REST over TLS with the CA: %v", err)
	}
	up := make(chan struct{}, 1)
	events := make(chan contract.Event, 4)
	go display.Follow(ctx, st.Seq, client.HandlerFuncs{
		OnEvent: func(ev contract.Event) { events <- ev },
		OnConnected: func(ok bool, err error) {
			if ok {
				up <- struct{}{}
			}
		},
	})
	select {
	case <-up:
	case <-ctx.Done():
		t.Fatal("websocket over TLS never came up")
	}

	kiosk, err := client.New(url, srv.KioskToken, client.WithCAFile(caFile))
	if err != nil {
		t.Fatal(err)
	}
	tk, err := kiosk.Issue(ctx, "2.000815", "")
	if err != nil {
		t.Fatalf("issue over TLS: %v", err)
	}
	select {
	case ev := <-events:
		var te contract.TicketEvent
		if err := ev.Decode(&te); err != nil || ev.Type != contract.EventTicketIssued || te.Ticket.ID != tk.ID {
			t.Fatalf("event %s %+v (%v), want the issue of %s", ev.Type, te, err, tk.ID)
		}
	case <-ctx.Done():
		t.Fatal("no event over the TLS websocket")
	}
	if !strings.HasPrefix(kiosk.TicketURL(tk.ID), "https://") {
		t.Errorf("ticket URL %s is not https", kiosk.TicketURL(tk.ID))
	}
}

func TestTLSWithoutCAFailsClearly(t *testing.T) {
	srv, url, _ := tlsServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()

	c, err := client.New(url, srv.DisplayToken)
	if err != nil {
		t.Fatal(err)
	}
	err = c.Health(ctx)
	if !errors.Is(err, client.ErrUntrusted) || !strings.Contains(err.Error(), "--ca-file") {
		t.Fatalf("REST without the CA: %v, want ErrUntrusted naming --ca-file", err)
	}

	t.Logf("without the CA: %v", err)
	// The follower reports the same reason when the link fails.
	failed := make(chan error, 1)
	fctx, stop := context.WithCancel(ctx)
	defer stop()
	go c.Follow(fctx, -1, client.HandlerFuncs{OnConnected: func(up bool, err error) {
		if up {
			failed <- errors.New("websocket came up without the CA")
			return
		}
		select {
		case failed <- err:
		default:
		}
	}})
	select {
	case err := <-failed:
		if !errors.Is(err, client.ErrUntrusted) || !strings.Contains(err.Error(), "--ca-file") {
			t.Fatalf("websocket without the CA: %v", err)
		}
	case <-ctx.Done():
		t.Fatal("the follower never reported the failure")
	}
}

func TestTLSWrongNameFailsClearly(t *testing.T) {
	srv, url, caFile := tlsServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	// The certificate names 127.0.0.1 only: "localhost" reaches the same
	// server but is not a name the certificate vouches for.
	c, err := client.New(strings.Replace(url, "127.0.0.1", "localhost", 1), srv.KioskToken, client.WithCAFile(caFile))
	if err != nil {
		t.Fatal(err)
	}
	err = c.Health(ctx)
	if !errors.Is(err, client.ErrUntrusted) || !strings.Contains(err.Error(), "motcua-server cert --name localhost") {
		t.Fatalf("wrong name: %v", err)
	}
}

func TestCAFileErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := client.New("https://127.0.0.1:1", "", client.WithCAFile(filepath.Join(dir, "missing.crt"))); err == nil {
		t.Error("missing CA file accepted")
	}
	bad := filepath.Join(dir, "bad.crt")
	if err := writeFile(bad, "not a certificate"); err != nil {
		t.Fatal(err)
	}
	if _, err := client.New("https://127.0.0.1:1", "", client.WithCAFile(bad)); err == nil || !strings.Contains(err.Error(), "no PEM certificate") {
		t.Errorf("bad CA file: %v", err)
	}
	if _, err := client.New("https://127.0.0.1:1", "", client.WithCAFile("")); err != nil {
		t.Errorf("empty CA path: %v", err)
	}
}

func writeFile(path, s string) error { return os.WriteFile(path, []byte(s), 0o600) }

func TestTicketURL(t *testing.T) {
	c, err := client.New("https://motcua.local/", "", client.WithTicketURL("http://192.168.1.10/"))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.TicketURL("a b"); got != "http://192.168.1.10/t/a%20b" {
		t.Errorf("ticket URL %s", got)
	}
	if c, _ := client.New("https://motcua.local", "", client.WithTicketURL("")); c.TicketURL("x") != "https://motcua.local/t/x" {
		t.Errorf("default ticket URL %s", c.TicketURL("x"))
	}
	for _, bad := range []string{"192.168.1.10", "ftp://h", "http://h/?q=1", "http://"} {
		if _, err := client.New("https://motcua.local", "", client.WithTicketURL(bad)); err == nil {
			t.Errorf("ticket URL %q accepted", bad)
		}
	}
}

// BenchmarkTLS compares a REST call over plain HTTP and over HTTPS (kept-alive
// connections, as the kiosk and board use them) and the cost of a call that
// has to make a new TLS connection (after a server restart or a network cut).
func BenchmarkTLS(b *testing.B) {
	srv, httpsURL, caFile := tlsServer(b)
	ctx := context.Background()
	run := func(b *testing.B, c *client.Client, fresh bool) {
		for b.Loop() {
			if fresh {
				c.CloseIdleConnections()
			}
			if _, err := c.Ticket(ctx, "missing"); client.Code(err) != contract.CodeNotFound {
				b.Fatal(err)
			}
		}
	}
	plain, _ := client.New(srv.URL, srv.KioskToken)
	secure, err := client.New(httpsURL, srv.KioskToken, client.WithCAFile(caFile))
	if err != nil {
		b.Fatal(err)
	}
	b.Run("http-keepalive", func(b *testing.B) { run(b, plain, false) })
	b.Run("https-keepalive", func(b *testing.B) { run(b, secure, false) })
	b.Run("https-new-connection", func(b *testing.B) { run(b, secure, true) })
}
