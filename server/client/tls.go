package client

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/gorilla/websocket"
)

// Option changes how a client connects.
type Option func(*Client) error

// WithCAFile makes the client trust the server certificates signed by the
// CA in the PEM file at path (the centre's own CA, made by
// `motcua-server cert`), besides the system's. An empty path changes
// nothing, so a program can pass its --ca-file setting as is.
func WithCAFile(path string) Option {
	if path == "" {
		return func(*Client) error { return nil }
	}
	return func(c *Client) error {
		pool, err := LoadCAFile(path)
		if err != nil {
			return err
		}
		return WithRootCAs(pool)(c)
	}
}

// LoadCAFile reads the CA certificates of a PEM file into a pool that also
// holds the system's roots, so a CA file never stops a client reaching a
// server with a public certificate.
func LoadCAFile(path string) (*x509.CertPool, error) {
	pem, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("client: CA file: %w", err)
	}
	pool, err := x509.SystemCertPool()
	if err != nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("client: CA file %s holds no PEM certificate (use the ca.crt that motcua-server cert made)", path)
	}
	return pool, nil
}

// WithRootCAs makes the client check server certificates against pool
// instead of the system's roots. The transport is built once here, so
// every client made with the same Option (the load tool makes hundreds)
// shares one connection pool.
func WithRootCAs(pool *x509.CertPool) Option {
	tc := &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	tr := &http.Transport{Proxy: http.ProxyFromEnvironment, ForceAttemptHTTP2: true}
	if def, ok := http.DefaultTransport.(*http.Transport); ok {
		tr = def.Clone()
	}
	tr.TLSClientConfig = tc
	hc := &http.Client{Timeout: DefaultTimeout, Transport: tr}
	return func(c *Client) error {
		c.http = hc
		c.tls = tc
		return nil
	}
}

// ErrUntrusted is wrapped by the errors of calls that failed because the
// server's certificate could not be verified: check it with errors.Is.
var ErrUntrusted = errors.New("the server's TLS certificate is not trusted")

// explainTLS turns a certificate verification failure into an error that
// says what to do about it; other errors pass through.
func (c *Client) explainTLS(err error) error {
	var ve *tls.CertificateVerificationError
	if err == nil || !errors.As(err, &ve) {
		return err
	}
	var (
		unknown  x509.UnknownAuthorityError
		hostname x509.HostnameError
		invalid  x509.CertificateInvalidError
	)
	hint := "check the server's certificate"
	switch {
	case errors.As(err, &unknown):
		hint = "give this program the centre's CA with --ca-file (the ca.crt made by `motcua-server cert`), or install that CA on this machine"
	case errors.As(err, &hostname):
		hint = fmt.Sprintf("the certificate is not made for %q: use a name it has, or rerun `motcua-server cert --name %s` and restart the server", c.base.Hostname(), c.base.Hostname())
	case errors.As(err, &invalid) && invalid.Reason == x509.Expired:
		hint = "the certificate has expired or this machine's clock is wrong: check the clock, or rerun `motcua-server cert` and restart the server"
	}
	return fmt.Errorf("client: %w at %s: %s (%w)", ErrUntrusted, c.base.Host, hint, err)
}

// dialer is the websocket dialer, with the client's TLS settings.
func (c *Client) dialer() *websocket.Dialer {
	return &websocket.Dialer{
		HandshakeTimeout: 10 * time.Second,
		TLSClientConfig:  c.tls,
	}
}

// WithTicketURL makes TicketURL (what the ticket's QR code opens) start
// with base instead of the server URL: with HTTPS on a private CA, a
// citizen's phone does not trust the certificate, so the kiosk can print
// the plain-HTTP address that `serve --http-ticket-pages` answers
// ("http://192.168.1.10"). Empty changes nothing.
func WithTicketURL(base string) Option {
	return func(c *Client) error {
		if base == "" {
			return nil
		}
		u, err := url.Parse(strings.TrimRight(base, "/"))
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
			return fmt.Errorf("client: ticket page URL must be http(s)://host[:port], got %q", base)
		}
		c.ticketBase = u.String()
		return nil
	}
}
