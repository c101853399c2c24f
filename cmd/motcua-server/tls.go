package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"motcua/server"
	"motcua/server/tlscert"
)

// tlsFlags are serve's HTTPS settings.
type tlsFlags struct {
	cert, key, redirect string
	ticketPages         bool

	config *tls.Config
	leaf   *x509.Certificate
}

func bindTLS(fs *flag.FlagSet) *tlsFlags {
	f := &tlsFlags{}
	fs.StringVar(&f.cert, "tls-cert", "", "server certificate (PEM, with its CA after it), e.g. DATA/tls/server.crt from `motcua-server cert`: serve HTTPS")
	fs.StringVar(&f.key, "tls-key", "", "the certificate's private key (PEM)")
	fs.StringVar(&f.redirect, "http-redirect", "", "with TLS, also listen on this address (e.g. :80) and redirect plain HTTP to HTTPS")
	fs.BoolVar(&f.ticketPages, "http-ticket-pages", false, "with --http-redirect, keep serving the public ticket pages (/t/…, what the ticket's QR code opens) over plain HTTP, for citizens' phones that do not trust the centre's CA")
	return f
}

// on tells whether serve runs HTTPS.
func (f *tlsFlags) on() bool { return f.cert != "" }

// load checks the flags and reads the certificate, before anything else
// starts, so a wrong path stops serve at once with the reason.
func (f *tlsFlags) load(warn io.Writer, now time.Time) error {
	switch {
	case f.cert == "" && f.key == "" && f.redirect != "":
		return errors.New("--http-redirect needs --tls-cert and --tls-key")
	case f.ticketPages && f.redirect == "":
		return errors.New("--http-ticket-pages needs --http-redirect (the plain-HTTP listener)")
	case f.cert == "" && f.key == "":
		return nil
	case f.cert == "" || f.key == "":
		return errors.New("--tls-cert and --tls-key go together")
	}
	cfg, leaf, err := tlscert.ServerConfig(f.cert, f.key)
	if err != nil {
		return err
	}
	f.config, f.leaf = cfg, leaf
	switch left := leaf.NotAfter.Sub(now); {
	case left <= 0:
		fmt.Fprintf(warn, "motcua-server: WARNING: the TLS certificate expired on %s: browsers and devices will refuse it; run `motcua-server cert` again\n", leaf.NotAfter.Format(time.DateOnly))
	case left < 30*24*time.Hour:
		fmt.Fprintf(warn, "motcua-server: WARNING: the TLS certificate expires on %s: run `motcua-server cert` again and restart\n", leaf.NotAfter.Format(time.DateOnly))
	}
	return nil
}

// scheme is the URL scheme clients use.
func (f *tlsFlags) scheme() string {
	if f.on() {
		return "https"
	}
	return "http"
}

// wrapTLS puts TLS on ln and, with --http-redirect, starts the plain-HTTP
// redirector (which, with --http-ticket-pages, serves app's public ticket
// pages itself), returning its address and a stop function. On error ln
// is closed.
func (m *Main) wrapTLS(f *tlsFlags, ln net.Listener, app http.Handler, log *slog.Logger) (net.Listener, string, func() error, error) {
	noop := func() error { return nil }
	if !f.on() {
		return ln, "", noop, nil
	}
	tlsLn := tls.NewListener(ln, f.config)
	if f.redirect == "" {
		return tlsLn, "", noop, nil
	}
	rln, err := net.Listen("tcp", f.redirect)
	if err != nil {
		ln.Close()
		return nil, "", nil, fmt.Errorf("--http-redirect: %w", err)
	}
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	handler := tlscert.Redirect(port)
	if f.ticketPages {
		// The ticket page is public and read-only, and no cookie is sent
		// over HTTP (it is Secure): a phone reading its position in line
		// over plain HTTP risks nothing a staff PC's session depends on.
		mux := http.NewServeMux()
		mux.Handle("GET /t/{id}", app)
		mux.Handle("/", handler)
		handler = mux
	}
	rs := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      10 * time.Second,
		IdleTimeout:       30 * time.Second,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	go rs.Serve(rln)
	return tlsLn, rln.Addr().String(), func() error {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return rs.Shutdown(ctx)
	}, nil
}

// announceTLS prints what the certificate covers and until when, and where
// plain HTTP is redirected from.
func (m *Main) announceTLS(f *tlsFlags, redirect string) {
	if f.leaf == nil {
		return
	}
	names := append([]string{}, f.leaf.DNSNames...)
	for _, ip := range f.leaf.IPAddresses {
		names = append(names, ip.String())
	}
	fmt.Fprintf(m.out, "  HTTPS: chứng chỉ cho / certificate for %s, hết hạn / expires %s\n",
		strings.Join(names, ", "), f.leaf.NotAfter.Format(time.DateOnly))
	if redirect == "" {
		return
	}
	fmt.Fprintf(m.out, "  chuyển HTTP sang HTTPS / redirecting http://%s to https\n", redirect)
	if f.ticketPages {
		fmt.Fprintf(m.out, "  trang số thứ tự qua HTTP / ticket pages over plain HTTP: http://%s/t/…\n", redirect)
	}
	if m.RedirectReady != nil {
		m.RedirectReady(redirect)
	}
}

// nameList is a repeatable flag (--name a --name b, or --name a,b).
type nameList []string

func (l *nameList) String() string { return strings.Join(*l, ",") }

func (l *nameList) Set(v string) error {
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			*l = append(*l, s)
		}
	}
	return nil
}

// cert runs `motcua-server cert`: the centre's CA (made once) and a server
// certificate for this appliance's names and addresses.
func (m *Main) cert(ctx context.Context, args []string) error {
	fs, data := m.flags("cert")
	var names, domains nameList
	fs.Var(&names, "name", "a DNS name or IP address staff type to reach the server, e.g. motcua.local or 192.168.1.10 (repeat or comma-separate)")
	fs.Var(&domains, "domain", "when making the CA: an extra DNS domain it may sign for (your internal zone); local names and private addresses are always allowed")
	dir := fs.String("dir", "", "certificate folder (default DATA/tls)")
	centre := fs.String("centre", "", "centre name in the CA's name (default: the centre name in the data folder's settings)")
	days := fs.Int("days", 825, "server certificate validity in days (at most 825, browsers' limit)")
	noDefaults := fs.Bool("no-defaults", false, "use only the --name values, not also this machine's host name, localhost and private addresses")
	newCA := fs.Bool("new-ca", false, "replace the CA (every PC and device must then install the new ca.crt)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("cert: unexpected argument %q (names go after --name)", fs.Arg(0))
	}
	if *dir == "" {
		*dir = filepath.Join(*data, "tls")
	}
	all, skipped := []string(names), []string(nil)
	if !*noDefaults {
		var defaults []string
		defaults, skipped = tlscert.DefaultNames()
		all = append(all, defaults...)
	}
	if *centre == "" {
		*centre = m.centreName(ctx, *data)
	}
	res, err := tlscert.Issue(tlscert.Options{Dir: *dir, Centre: *centre, Names: all, Now: time.Now(),
		Validity: time.Duration(*days) * 24 * time.Hour, Domains: domains, NewCA: *newCA})
	if err != nil {
		return err
	}
	m.reportCert(res, skipped, *data)
	return nil
}

// centreName reads the centre's name from an existing data folder, for the
// CA's name; "motcua" without one.
func (m *Main) centreName(ctx context.Context, data string) string {
	name := "motcua"
	if _, err := os.Stat(filepath.Join(data, server.DBFile)); err != nil {
		return name
	}
	m.withServer(ctx, data, func(srv *server.Server) error {
		if n := strings.TrimSpace(srv.Engine.Settings().CentreName.VI); n != "" {
			name = n
		}
		return nil
	})
	return name
}

func (m *Main) reportCert(res tlscert.Result, skipped []string, data string) {
	state := "giữ nguyên / kept (already installed PCs need nothing)"
	if res.CreatedCA {
		state = "MỚI / NEW: install it on every staff PC, kiosk and board"
	}
	names := append([]string{}, res.DNSNames...)
	for _, ip := range res.IPs {
		names = append(names, ip.String())
	}
	fmt.Fprintf(m.out, `CA %s
  %s
  %s
  SHA-256 %s
  valid until %s
server certificate: %s
  key: %s (owner only)
  for: %s
  valid until %s
`, state, res.CAPath, res.CA.Subject.CommonName, res.CAFingerprint, res.CA.NotAfter.Format(time.DateOnly),
		res.CertPath, res.KeyPath, strings.Join(names, ", "), res.Cert.NotAfter.Format(time.DateOnly))
	if len(skipped) > 0 {
		fmt.Fprintf(m.out, "  left out (public or link-local; add with --name if staff use it): %s\n", strings.Join(skipped, ", "))
	}
	fmt.Fprintf(m.out, `
Serve HTTPS (restart the server after a new certificate):
  motcua-server serve --listen :443 --http-redirect :80 --tls-cert %s --tls-key %s --data %s
Install %s as a trusted root on staff PCs (Windows: double-click it, Install Certificate,
Local Machine, "Trusted Root Certification Authorities"; Debian: copy it to
/usr/local/share/ca-certificates/motcua-ca.crt and run update-ca-certificates), and give it
to kiosks and boards with --ca-file. Check the SHA-256 above when installing. See TLS.md.
`, res.CertPath, res.KeyPath, data, res.CAPath)
}
