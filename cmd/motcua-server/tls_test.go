package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"motcua/server/client"
	"motcua/server/tlscert"
)

// certCmd runs `cert` on data and returns what it printed.
func certCmd(t *testing.T, data string, args ...string) string {
	t.Helper()
	var out, errOut bytes.Buffer
	err := NewMain(strings.NewReader(""), &out, &errOut).Run(context.Background(), append([]string{"cert", "--data", data}, args...))
	if err != nil {
		t.Fatalf("cert %v: %v\n%s", args, err, errOut.String())
	}
	return out.String()
}

func TestCertCommandKeepsCA(t *testing.T) {
	data := t.TempDir()
	out := certCmd(t, data, "--no-defaults", "--name", "motcua.local,127.0.0.1")
	if !strings.Contains(out, "NEW") || !strings.Contains(out, filepath.Join(data, "tls", tlscert.CAFile)) ||
		!strings.Contains(out, "--tls-cert "+filepath.Join(data, "tls", tlscert.CertFile)) {
		t.Fatalf("first run did not say where the new CA is and how to serve:\n%s", out)
	}
	ca1, err := tlscert.ReadCertificates(filepath.Join(data, "tls", tlscert.CAFile))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, tlscert.Fingerprint(ca1[0])) {
		t.Errorf("fingerprint not printed:\n%s", out)
	}
	out = certCmd(t, data, "--no-defaults", "--name", "motcua.local", "--name", "192.168.1.10")
	if !strings.Contains(out, "kept") {
		t.Errorf("second run did not say it kept the CA:\n%s", out)
	}
	ca2, _ := tlscert.ReadCertificates(filepath.Join(data, "tls", tlscert.CAFile))
	if !ca1[0].Equal(ca2[0]) {
		t.Fatal("second run replaced the CA")
	}
	leaf, _ := tlscert.ReadCertificates(filepath.Join(data, "tls", tlscert.CertFile))
	if err := leaf[0].VerifyHostname("192.168.1.10"); err != nil {
		t.Errorf("new certificate lacks the new address: %v", err)
	}

	var errOut bytes.Buffer
	err = NewMain(strings.NewReader(""), &bytes.Buffer{}, &errOut).Run(context.Background(),
		[]string{"cert", "--data", data, "--no-defaults", "--name", "www.google.com"})
	if err == nil || !strings.Contains(err.Error(), "--new-ca") {
		t.Errorf("a public name: %v", err)
	}
}

func TestServeFlagsChecked(t *testing.T) {
	data := t.TempDir()
	certCmd(t, data, "--no-defaults", "--name", "127.0.0.1")
	crt, key := filepath.Join(data, "tls", tlscert.CertFile), filepath.Join(data, "tls", tlscert.KeyFile)
	for name, args := range map[string][]string{
		"cert without key":          {"--tls-cert", crt},
		"key without cert":          {"--tls-key", key},
		"redirect without TLS":      {"--http-redirect", "127.0.0.1:0"},
		"ticket pages, no redirect": {"--tls-cert", crt, "--tls-key", key, "--http-ticket-pages"},
		"missing certificate":       {"--tls-cert", crt + ".missing", "--tls-key", key},
		"key of another pair":       {"--tls-cert", crt, "--tls-key", filepath.Join(data, "tls", tlscert.CAKeyFile)},
		"bad redirect address":      {"--tls-cert", crt, "--tls-key", key, "--http-redirect", "not-an-address"},
	} {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		err := NewMain(strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{}).Run(ctx,
			append([]string{"serve", "--listen", "127.0.0.1:0", "--data", data}, args...))
		cancel()
		if err == nil {
			t.Errorf("%s: serve started", name)
		}
	}
}

// TestServeTLS runs `serve` with the certificate `cert` made: HTTPS works
// with the CA, the session cookie is Secure, and plain HTTP is redirected.
func TestServeTLS(t *testing.T) {
	data := t.TempDir()
	certCmd(t, data, "--no-defaults", "--name", "127.0.0.1")
	dir := filepath.Join(data, "tls")
	var out bytes.Buffer
	m := NewMain(strings.NewReader(""), &out, os.Stderr)
	ready, redirected := make(chan string, 1), make(chan string, 1)
	m.Ready = func(addr string) { ready <- addr }
	m.RedirectReady = func(addr string) { redirected <- addr }
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		done <- m.Run(ctx, []string{"serve", "--listen", "127.0.0.1:0", "--data", data,
			"--tls-cert", filepath.Join(dir, tlscert.CertFile), "--tls-key", filepath.Join(dir, tlscert.KeyFile),
			"--http-redirect", "127.0.0.1:0", "--http-ticket-pages"})
	}()
	var addr, plain string
	for addr == "" || plain == "" {
		select {
		case addr = <-ready:
		case plain = <-redirected:
		case err := <-done:
			t.Fatalf("serve stopped: %v", err)
		case <-ctx.Done():
			t.Fatal("serve never became ready")
		}
	}
	base := "https://" + addr

	pool, err := client.LoadCAFile(filepath.Join(dir, tlscert.CAFile))
	if err != nil {
		t.Fatal(err)
	}
	hc := &http.Client{
		Transport:     &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	defer hc.CloseIdleConnections()

	// Plain HTTP: a 308 to the same host and path on the TLS port.
	resp, err := hc.Get("http://" + plain + "/staff?counter=2")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if want := base + "/staff?counter=2"; resp.StatusCode != http.StatusPermanentRedirect || resp.Header.Get("Location") != want {
		t.Fatalf("plain HTTP: %d %q, want 308 %q", resp.StatusCode, resp.Header.Get("Location"), want)
	}

	// With --http-ticket-pages the public ticket page (the QR code's
	// target) is answered over plain HTTP, for phones without the CA.
	resp, err = hc.Get("http://" + plain + "/t/no-such-ticket")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound || resp.TLS != nil || !strings.Contains(string(page), "Không tìm thấy số") {
		t.Fatalf("ticket page over HTTP: %d %q", resp.StatusCode, page)
	}
	resp, err = hc.Post("http://"+plain+"/t/no-such-ticket", "text/plain", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusPermanentRedirect {
		t.Fatalf("POST to a ticket page over HTTP: %d, want 308", resp.StatusCode)
	}

	// A program still configured with http:// follows the 308 with its
	// body (the client trusts the CA) and signs in over HTTPS.
	note, err := os.ReadFile(filepath.Join(data, FirstRunFile))
	if err != nil {
		t.Fatal(err)
	}
	password := strings.TrimSpace(strings.SplitAfter(string(note), "password: ")[1])
	body := `{"username":"admin","password":` + strconv.Quote(password) + `}`
	follow := &http.Client{Transport: hc.Transport}
	resp, err = follow.Post("http://"+plain+"/api/v1/login", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.TLS == nil {
		t.Fatalf("login through the redirect: %d, TLS %v", resp.StatusCode, resp.TLS != nil)
	}
	session := cookie(resp, "motcua_session")
	if session == nil || !session.Secure || !session.HttpOnly || session.SameSite != http.SameSiteStrictMode {
		t.Fatalf("session cookie under TLS: %+v, want Secure, HttpOnly, SameSite=Strict", session)
	}

	// Signing out clears the cookie with a Secure one too.
	req, _ := http.NewRequest(http.MethodPost, base+"/api/v1/logout", nil)
	req.Header.Set("Authorization", "Bearer "+session.Value)
	resp, err = hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if c := cookie(resp, "motcua_session"); resp.StatusCode != http.StatusNoContent || c == nil || !c.Secure || c.MaxAge >= 0 {
		t.Fatalf("logout under TLS: %d %+v", resp.StatusCode, c)
	}

	// Without the CA the server is refused, with the reason.
	c, _ := client.New(base, "")
	if err := c.Health(ctx); !errors.Is(err, client.ErrUntrusted) {
		t.Fatalf("client without the CA: %v", err)
	}

	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "serving at "+base) || !strings.Contains(out.String(), "redirecting http://"+plain) {
		t.Errorf("serve did not print the HTTPS address and the redirect:\n%s", out.String())
	}
}

func cookie(resp *http.Response, name string) *http.Cookie {
	for _, c := range resp.Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}
