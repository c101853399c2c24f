package tlscert

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"net/http"
	"strings"
)

// ServerConfig loads the server certificate and key for serving HTTPS. It
// allows TLS 1.2 and 1.3 only, and offers HTTP/1.1 alone: the websocket
// events (gorilla/websocket) need a connection they can take over, which
// HTTP/2 does not give, and on a LAN HTTP/2 would gain nothing. The leaf
// certificate is returned so the caller can report its names and expiry.
func ServerConfig(certFile, keyFile string) (*tls.Config, *x509.Certificate, error) {
	pair, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return nil, nil, fmt.Errorf("TLS certificate %s / key %s: %w", certFile, keyFile, err)
	}
	leaf := pair.Leaf
	if leaf == nil {
		if leaf, err = x509.ParseCertificate(pair.Certificate[0]); err != nil {
			return nil, nil, err
		}
	}
	cfg := &tls.Config{
		MinVersion:   tls.VersionTLS12,
		Certificates: []tls.Certificate{pair},
		NextProtos:   []string{"http/1.1"},
	}
	return cfg, leaf, nil
}

// Redirect answers every plain-HTTP request with 308 Permanent Redirect to
// the same host and path over HTTPS on httpsPort ("443" leaves the port
// out). 308 rather than 301 keeps the method and body, so a program that
// posts to the old http:// address still reaches the API. It sends no
// Strict-Transport-Security: on a LAN with a private CA, HSTS would turn a
// PC without the CA, or an expired certificate, into a page nobody can get
// past, and the redirect already moves everyone to HTTPS.
func Redirect(httpsPort string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host := r.Host
		if h, _, err := net.SplitHostPort(host); err == nil {
			host = h
		}
		host = strings.Trim(host, "[]")
		if host == "" {
			http.Error(w, "Host header needed / thiếu tiêu đề Host", http.StatusBadRequest)
			return
		}
		if strings.Contains(host, ":") {
			host = "[" + host + "]" // IPv6 literal
		}
		if httpsPort != "" && httpsPort != "443" {
			host += ":" + httpsPort
		}
		http.Redirect(w, r, "https://"+host+r.URL.RequestURI(), http.StatusPermanentRedirect)
	})
}
