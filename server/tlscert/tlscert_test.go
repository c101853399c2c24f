package tlscert

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// issueTime is a fixed instant: the tests verify with CurrentTime, so they
// pass on any date.
var issueTime = time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)

func issue(t *testing.T, dir string, names ...string) Result {
	t.Helper()
	res, err := Issue(Options{Dir: dir, Centre: "Trung tâm Gia Viên", Names: names, Now: issueTime})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func verify(t *testing.T, ca, cert *x509.Certificate, name string, at time.Time) error {
	t.Helper()
	roots := x509.NewCertPool()
	roots.AddCert(ca)
	_, err := cert.Verify(x509.VerifyOptions{DNSName: name, Roots: roots, CurrentTime: at,
		KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}})
	return err
}

func TestIssueVerifiesForEveryName(t *testing.T) {
	dir := t.TempDir()
	names := []string{"motcua.local", "MotCua-Server", "192.168.1.10", "127.0.0.1", "::1", "localhost", "motcua.local"}
	res := issue(t, dir, names...)

	if !res.CreatedCA {
		t.Error("first run did not report a new CA")
	}
	for _, n := range []string{"motcua.local", "motcua-server", "192.168.1.10", "127.0.0.1", "::1", "localhost"} {
		if err := verify(t, res.CA, res.Cert, n, issueTime.Add(24*time.Hour)); err != nil {
			t.Errorf("certificate does not verify for %s: %v", n, err)
		}
	}
	if err := verify(t, res.CA, res.Cert, "other.local", issueTime); err == nil {
		t.Error("certificate verifies for a name it was not made for")
	}
	if err := verify(t, res.CA, res.Cert, "192.168.1.11", issueTime); err == nil {
		t.Error("certificate verifies for an address it was not made for")
	}
	if len(res.DNSNames) != 3 || len(res.IPs) != 3 {
		t.Errorf("duplicates kept: DNS %v, IPs %v", res.DNSNames, res.IPs)
	}
}

func TestCertificateProfile(t *testing.T) {
	res := issue(t, t.TempDir(), "motcua.local", "10.0.0.2")
	ca, c := res.CA, res.Cert

	if !ca.IsCA || !ca.BasicConstraintsValid || !ca.MaxPathLenZero || ca.KeyUsage != x509.KeyUsageCertSign|x509.KeyUsageCRLSign {
		t.Errorf("CA profile: IsCA %v, basic %v, pathlen0 %v, usage %b", ca.IsCA, ca.BasicConstraintsValid, ca.MaxPathLenZero, ca.KeyUsage)
	}
	if !strings.HasPrefix(ca.Subject.CommonName, "motcua CA – Trung tâm Gia Viên") {
		t.Errorf("CA name %q", ca.Subject.CommonName)
	}
	if got := ca.NotAfter.Sub(issueTime); got < 9*365*24*time.Hour {
		t.Errorf("CA valid for only %s", got)
	}
	if c.IsCA || c.KeyUsage != x509.KeyUsageDigitalSignature || !slices.Equal(c.ExtKeyUsage, []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}) {
		t.Errorf("server profile: IsCA %v, usage %b, ext %v", c.IsCA, c.KeyUsage, c.ExtKeyUsage)
	}
	if got := c.NotAfter.Sub(c.NotBefore); got > MaxServerValidity+backdate {
		t.Errorf("server certificate valid for %s, more than 825 days", got)
	}
	if c.NotBefore.After(issueTime) {
		t.Errorf("server certificate starts %s, after its issue time", c.NotBefore)
	}
	if _, ok := c.PublicKey.(*ecdsa.PublicKey); !ok {
		t.Errorf("server key is %T, want ECDSA", c.PublicKey)
	}
	if err := verify(t, ca, c, "motcua.local", issueTime.Add(826*24*time.Hour)); err == nil {
		t.Error("server certificate still verifies after 826 days")
	}
	if err := verify(t, ca, c, "motcua.local", issueTime.Add(-2*time.Hour)); err == nil {
		t.Error("server certificate verifies before it was made")
	}
}

func TestKeysArePrivate(t *testing.T) {
	dir := t.TempDir()
	issue(t, dir, "motcua.local")
	for name, want := range map[string]os.FileMode{CAKeyFile: 0o600, KeyFile: 0o600, CAFile: 0o644, CertFile: 0o644} {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != want {
			t.Errorf("%s mode %o, want %o", name, fi.Mode().Perm(), want)
		}
	}
}

func TestRerunKeepsCA(t *testing.T) {
	dir := t.TempDir()
	first := issue(t, dir, "motcua.local")
	caBefore, _ := os.ReadFile(filepath.Join(dir, CAFile))
	keyBefore, _ := os.ReadFile(filepath.Join(dir, CAKeyFile))

	second := issue(t, dir, "motcua.local", "192.168.1.20")
	if second.CreatedCA {
		t.Error("second run made a new CA")
	}
	caAfter, _ := os.ReadFile(filepath.Join(dir, CAFile))
	keyAfter, _ := os.ReadFile(filepath.Join(dir, CAKeyFile))
	if !bytes.Equal(caBefore, caAfter) || !bytes.Equal(keyBefore, keyAfter) {
		t.Fatal("second run changed the CA files")
	}
	if first.Cert.SerialNumber.Cmp(second.Cert.SerialNumber) == 0 {
		t.Error("second run did not make a new server certificate")
	}
	// The new certificate, for the new address, verifies against the CA a
	// PC installed after the first run.
	if err := verify(t, first.CA, second.Cert, "192.168.1.20", issueTime); err != nil {
		t.Errorf("new certificate does not verify against the installed CA: %v", err)
	}
	// The server's files are a matching pair with the chain in order.
	if _, leaf, err := ServerConfig(second.CertPath, second.KeyPath); err != nil || leaf.SerialNumber.Cmp(second.Cert.SerialNumber) != 0 {
		t.Fatalf("server files: %v", err)
	}
	chain, err := ReadCertificates(second.CertPath)
	if err != nil || len(chain) != 2 || !chain[1].Equal(first.CA) {
		t.Errorf("server.crt chain: %d certificates, %v", len(chain), err)
	}
}

func TestNewCAReplaces(t *testing.T) {
	dir := t.TempDir()
	first := issue(t, dir, "motcua.local")
	res, err := Issue(Options{Dir: dir, Names: []string{"motcua.local"}, Now: issueTime, NewCA: true})
	if err != nil {
		t.Fatal(err)
	}
	if !res.CreatedCA || res.CA.Equal(first.CA) {
		t.Fatal("--new-ca kept the old CA")
	}
	if err := verify(t, first.CA, res.Cert, "motcua.local", issueTime); err == nil {
		t.Error("certificate from the new CA verifies against the old one")
	}
}

func TestHalfACAIsRefused(t *testing.T) {
	dir := t.TempDir()
	issue(t, dir, "motcua.local")
	if err := os.Remove(filepath.Join(dir, CAKeyFile)); err != nil {
		t.Fatal(err)
	}
	_, err := Issue(Options{Dir: dir, Names: []string{"motcua.local"}, Now: issueTime})
	if err == nil || !strings.Contains(err.Error(), "--new-ca") {
		t.Fatalf("missing CA key: %v (want an error naming --new-ca)", err)
	}
}

// The CA only vouches for local names and private addresses, plus what it
// was made with: a stolen CA key cannot impersonate a public site.
func TestNameConstraints(t *testing.T) {
	dir := t.TempDir()
	res := issue(t, dir, "motcua.local", "phucvu.giavien.example", "203.0.113.7")
	ca, key, err := LoadCA(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !ca.Equal(res.CA) {
		t.Fatal("LoadCA read another CA")
	}
	for _, ok := range [][]string{{"kiosk.lan"}, {"a.phucvu.giavien.example"}, {"10.1.2.3"}, {"fd00::1"}, {"203.0.113.7"}} {
		if err := signAndCheck(ca, key, ok); err != nil {
			t.Errorf("CA refuses %v: %v", ok, err)
		}
	}
	for _, bad := range [][]string{{"www.vietcombank.com.vn"}, {"8.8.8.8"}, {"giavien.example"}} {
		if err := signAndCheck(ca, key, bad); err == nil {
			t.Errorf("CA vouches for %v", bad)
		}
	}
	// Issue says how to get out of it.
	_, err = Issue(Options{Dir: dir, Names: []string{"dichvucong.gov.vn"}, Now: issueTime})
	var ce x509.CertificateInvalidError
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), "--new-ca") {
		t.Errorf("public name: %v", err)
	}
}

func signAndCheck(ca *x509.Certificate, key *ecdsa.PrivateKey, names []string) error {
	dnsNames, ips := SplitNames(names)
	der, _, err := signServer(ca, key, dnsNames, ips, issueTime, MaxServerValidity)
	if err != nil {
		return err
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		return err
	}
	return checkConstraints(ca, c, issueTime)
}

func TestOptionsChecked(t *testing.T) {
	for name, o := range map[string]Options{
		"no names":   {Dir: t.TempDir(), Now: issueTime},
		"no time":    {Dir: t.TempDir(), Names: []string{"a.local"}},
		"too long":   {Dir: t.TempDir(), Names: []string{"a.local"}, Now: issueTime, Validity: 826 * 24 * time.Hour},
		"no folder":  {Names: []string{"a.local"}, Now: issueTime},
		"blank name": {Dir: t.TempDir(), Names: []string{" "}, Now: issueTime},
	} {
		if _, err := Issue(o); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestDefaultNamesAreSignable(t *testing.T) {
	names, skipped := DefaultNames()
	for _, want := range []string{"localhost", "127.0.0.1", "::1"} {
		if !slices.Contains(names, want) {
			t.Errorf("default names %v lack %s", names, want)
		}
	}
	for _, s := range skipped {
		if slices.Contains(names, s) {
			t.Errorf("%s both used and skipped", s)
		}
	}
	// Whatever this machine's names are, the CA can sign them.
	if _, err := Issue(Options{Dir: t.TempDir(), Names: names, Now: issueTime}); err != nil {
		t.Fatalf("default names %v: %v", names, err)
	}
}

func TestRedirect(t *testing.T) {
	cases := []struct{ host, port, target, want string }{
		{"motcua.local", "8443", "/staff?x=1", "https://motcua.local:8443/staff?x=1"},
		{"motcua.local:80", "443", "/api/v1/health", "https://motcua.local/api/v1/health"},
		{"192.168.1.10:8080", "8443", "/t/abc", "https://192.168.1.10:8443/t/abc"},
		{"[fd00::2]:80", "443", "/", "https://[fd00::2]/"},
		{"[fd00::2]", "8443", "/", "https://[fd00::2]:8443/"},
	}
	for _, c := range cases {
		for _, method := range []string{http.MethodGet, http.MethodPost} {
			r := httptest.NewRequest(method, c.target, strings.NewReader("{}"))
			r.Host = c.host
			w := httptest.NewRecorder()
			Redirect(c.port).ServeHTTP(w, r)
			if w.Code != http.StatusPermanentRedirect || w.Header().Get("Location") != c.want {
				t.Errorf("%s %s%s: %d %q, want 308 %q", method, c.host, c.target, w.Code, w.Header().Get("Location"), c.want)
			}
			if w.Header().Get("Strict-Transport-Security") != "" {
				t.Error("redirect sends HSTS")
			}
		}
	}
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.Host = ""
	w := httptest.NewRecorder()
	Redirect("443").ServeHTTP(w, r)
	if w.Code != http.StatusBadRequest {
		t.Errorf("no Host: %d, want 400", w.Code)
	}
}

func TestServerConfigRefusesMismatch(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	ra := issue(t, a, "motcua.local")
	rb := issue(t, b, "motcua.local")
	if _, _, err := ServerConfig(ra.CertPath, rb.KeyPath); err == nil {
		t.Fatal("certificate with another key accepted")
	}
	cfg, _, err := ServerConfig(ra.CertPath, ra.KeyPath)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.MinVersion != tls.VersionTLS12 {
		t.Errorf("min TLS version %x", cfg.MinVersion)
	}
}
