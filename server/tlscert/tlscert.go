// Package tlscert makes the centre's own small certificate authority and the
// server certificate it signs, so that staff PCs, kiosks and boards reach
// the appliance over HTTPS on a LAN that has public Wi-Fi next to it,
// without buying a certificate or reaching the internet.
//
// The CA is made once and kept: a centre installs it once on every staff PC
// and device, and later server certificates (a new address, a renewal) are
// signed by the same CA so nothing has to be reinstalled. Because a PC that
// trusts this CA would trust whatever it signs, the CA carries X.509 name
// constraints: it can only vouch for local names (.local, .lan, .internal,
// .home.arpa, localhost, the names given when it was made) and private
// addresses, so a stolen CA key cannot impersonate a bank or a ministry to
// the staff PCs.
//
// Only the standard library is used (crypto/x509, ECDSA P-256).
package tlscert

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// File names inside the certificate folder.
const (
	CAFile    = "ca.crt"     // the CA certificate: install this on staff PCs and devices
	CAKeyFile = "ca.key"     // the CA's private key: never leaves the appliance
	CertFile  = "server.crt" // the server certificate (with the CA after it): --tls-cert
	KeyFile   = "server.key" // the server's private key: --tls-key
)

// Validity periods. Apple's platforms refuse server certificates valid for
// more than 825 days even from a private CA, so that is the ceiling; the CA
// itself lasts ten years so it is installed once per PC.
const (
	MaxServerValidity = 825 * 24 * time.Hour
	CAValidity        = 10 * 365 * 24 * time.Hour
	// backdate lets a device whose clock is a little behind accept a
	// certificate made a moment ago.
	backdate = time.Hour
)

// LocalDomains are the DNS suffixes the CA may always sign for: names that
// only exist on a private network.
var LocalDomains = []string{"localhost", "local", "lan", "internal", "home.arpa", "intranet"}

// PrivateRanges are the address ranges the CA may always sign for:
// loopback, RFC 1918, carrier-grade NAT, link-local and IPv6 unique-local.
var PrivateRanges = mustCIDRs("127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
	"100.64.0.0/10", "169.254.0.0/16", "::1/128", "fc00::/7", "fe80::/10")

func mustCIDRs(list ...string) []*net.IPNet {
	out := make([]*net.IPNet, 0, len(list))
	for _, s := range list {
		_, n, err := net.ParseCIDR(s)
		if err != nil {
			panic(err)
		}
		out = append(out, n)
	}
	return out
}

// Options say what to make.
type Options struct {
	// Dir is the certificate folder (created 0700 when missing).
	Dir string
	// Centre names the CA, so a PC's certificate list says whose it is.
	Centre string
	// Names are the DNS names and IP addresses the server certificate is
	// valid for; at least one.
	Names []string
	// Now is the issue time (the system clock in the command, a fixed
	// time in tests).
	Now time.Time
	// Validity of the server certificate; MaxServerValidity when zero.
	Validity time.Duration
	// Domains are extra DNS domains a new CA may sign for, beyond
	// LocalDomains and Names (for a centre with its own internal DNS
	// zone). Ignored when the CA exists.
	Domains []string
	// NewCA replaces an existing CA (every PC must then install the new one).
	NewCA bool
}

// Result is what Issue made.
type Result struct {
	CA, Cert *x509.Certificate
	// CreatedCA is true when the CA was made by this call.
	CreatedCA                 bool
	CAPath, CertPath, KeyPath string
	CAFingerprint             string // SHA-256 of the CA certificate, "AB:CD:…"
	DNSNames                  []string
	IPs                       []net.IP
}

// Issue makes the CA if there is none (or NewCA), then a new server
// certificate for o.Names signed by it, and writes both to o.Dir (private
// keys 0600). Run again, it keeps the CA and replaces the server
// certificate.
func Issue(o Options) (Result, error) {
	if err := o.check(); err != nil {
		return Result{}, err
	}
	dnsNames, ips := SplitNames(o.Names)
	if len(dnsNames) == 0 && len(ips) == 0 {
		return Result{}, errors.New("tlscert: at least one name or address is needed")
	}
	if err := os.MkdirAll(o.Dir, 0o700); err != nil {
		return Result{}, err
	}
	ca, caKey, created, err := loadOrCreateCA(o, dnsNames, ips)
	if err != nil {
		return Result{}, err
	}
	der, key, err := signServer(ca, caKey, dnsNames, ips, o.Now, o.Validity)
	if err != nil {
		return Result{}, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return Result{}, err
	}
	if err := checkConstraints(ca, cert, o.Now); err != nil {
		return Result{}, err
	}
	res := Result{CA: ca, Cert: cert, CreatedCA: created, DNSNames: dnsNames, IPs: ips,
		CAPath: filepath.Join(o.Dir, CAFile), CertPath: filepath.Join(o.Dir, CertFile), KeyPath: filepath.Join(o.Dir, KeyFile),
		CAFingerprint: Fingerprint(ca)}
	// Key before certificate: a server restarted in between finds a key
	// that does not match the old certificate and says so, rather than
	// serving a certificate whose key is gone.
	if err := writeKey(res.KeyPath, key); err != nil {
		return Result{}, err
	}
	chain := append(pemBlock("CERTIFICATE", der), pemBlock("CERTIFICATE", ca.Raw)...)
	if err := writeFile(res.CertPath, chain, 0o644); err != nil {
		return Result{}, err
	}
	return res, nil
}

func (o *Options) check() error {
	if o.Dir == "" {
		return errors.New("tlscert: no certificate folder")
	}
	if len(o.Names) == 0 {
		return errors.New("tlscert: at least one name or address is needed")
	}
	if o.Now.IsZero() {
		return errors.New("tlscert: no issue time")
	}
	if o.Validity == 0 {
		o.Validity = MaxServerValidity
	}
	if o.Validity < 24*time.Hour || o.Validity > MaxServerValidity {
		return fmt.Errorf("tlscert: server certificate validity must be between 1 and 825 days, got %s", o.Validity)
	}
	if strings.TrimSpace(o.Centre) == "" {
		o.Centre = "motcua"
	}
	return nil
}

// SplitNames separates IP addresses from DNS names, lower-cases the names,
// and drops duplicates and blanks, keeping the order given.
func SplitNames(names []string) (dnsNames []string, ips []net.IP) {
	for _, n := range names {
		n = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(n)), ".")
		if n == "" {
			continue
		}
		if ip := net.ParseIP(strings.Trim(n, "[]")); ip != nil {
			if !slices.ContainsFunc(ips, ip.Equal) {
				ips = append(ips, ip)
			}
			continue
		}
		if !slices.Contains(dnsNames, n) {
			dnsNames = append(dnsNames, n)
		}
	}
	return dnsNames, ips
}

// DefaultNames are the names a server certificate gets besides the ones
// asked for: the host's name (and name.local, which mDNS answers on most
// LANs), localhost, the loopback addresses and the machine's private
// interface addresses. Public or link-local addresses are left out and
// returned in skipped, since the CA may not sign public ones and link-local
// ones change.
func DefaultNames() (names, skipped []string) {
	names = []string{"localhost", "127.0.0.1", "::1"}
	if h, err := os.Hostname(); err == nil && h != "" && h != "localhost" {
		h = strings.ToLower(h)
		names = append(names, h)
		if !strings.Contains(h, ".") {
			names = append(names, h+".local")
		}
	}
	addrs, _ := net.InterfaceAddrs()
	for _, a := range addrs {
		n, ok := a.(*net.IPNet)
		if !ok || n.IP.IsLoopback() {
			continue
		}
		switch {
		case n.IP.IsLinkLocalUnicast():
			skipped = append(skipped, n.IP.String())
		case n.IP.IsPrivate():
			names = append(names, n.IP.String())
		default:
			skipped = append(skipped, n.IP.String())
		}
	}
	return names, skipped
}

// Fingerprint is the SHA-256 fingerprint of a certificate in the form
// Windows and browsers show ("AB:CD:…"), for checking a CA by eye when
// installing it.
func Fingerprint(c *x509.Certificate) string {
	sum := sha256.Sum256(c.Raw)
	h := strings.ToUpper(hex.EncodeToString(sum[:]))
	var b strings.Builder
	for i := 0; i < len(h); i += 2 {
		if i > 0 {
			b.WriteByte(':')
		}
		b.WriteString(h[i : i+2])
	}
	return b.String()
}

// loadOrCreateCA reads the CA from dir, or makes one when there is none.
func loadOrCreateCA(o Options, dnsNames []string, ips []net.IP) (*x509.Certificate, *ecdsa.PrivateKey, bool, error) {
	certPath, keyPath := filepath.Join(o.Dir, CAFile), filepath.Join(o.Dir, CAKeyFile)
	_, certErr := os.Stat(certPath)
	_, keyErr := os.Stat(keyPath)
	switch {
	case o.NewCA:
	case certErr == nil && keyErr == nil:
		ca, key, err := LoadCA(o.Dir)
		return ca, key, false, err
	case certErr == nil || keyErr == nil:
		return nil, nil, false, fmt.Errorf("tlscert: only one of %s and %s is in %s: restore the other from the backup, or make a new CA with --new-ca (and reinstall it everywhere)", CAFile, CAKeyFile, o.Dir)
	}
	der, key, err := newCA(o, dnsNames, ips)
	if err != nil {
		return nil, nil, false, err
	}
	ca, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, nil, false, err
	}
	if err := writeKey(keyPath, key); err != nil {
		return nil, nil, false, err
	}
	if err := writeFile(certPath, pemBlock("CERTIFICATE", der), 0o644); err != nil {
		return nil, nil, false, err
	}
	return ca, key, true, nil
}

// LoadCA reads the CA certificate and key from dir.
func LoadCA(dir string) (*x509.Certificate, *ecdsa.PrivateKey, error) {
	certPEM, err := os.ReadFile(filepath.Join(dir, CAFile))
	if err != nil {
		return nil, nil, err
	}
	keyPEM, err := os.ReadFile(filepath.Join(dir, CAKeyFile))
	if err != nil {
		return nil, nil, err
	}
	cb, _ := pem.Decode(certPEM)
	kb, _ := pem.Decode(keyPEM)
	if cb == nil || kb == nil {
		return nil, nil, fmt.Errorf("tlscert: %s or %s is not PEM", CAFile, CAKeyFile)
	}
	ca, err := x509.ParseCertificate(cb.Bytes)
	if err != nil {
		return nil, nil, fmt.Errorf("tlscert: %s: %w", CAFile, err)
	}
	k, err := x509.ParsePKCS8PrivateKey(kb.Bytes)
	if err != nil {
		return nil, nil, fmt.Errorf("tlscert: %s: %w", CAKeyFile, err)
	}
	key, ok := k.(*ecdsa.PrivateKey)
	if !ok || !key.PublicKey.Equal(ca.PublicKey) {
		return nil, nil, fmt.Errorf("tlscert: %s does not belong to %s", CAKeyFile, CAFile)
	}
	return ca, key, nil
}

// newCA makes the CA certificate, constrained to local names and private
// addresses plus the names asked for now.
func newCA(o Options, dnsNames []string, ips []net.IP) ([]byte, *ecdsa.PrivateKey, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	serial, err := serialNumber()
	if err != nil {
		return nil, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: "motcua CA – " + o.Centre, Organization: []string{o.Centre}},
		NotBefore:             o.Now.Add(-backdate),
		NotAfter:              o.Now.Add(CAValidity),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLenZero:        true,
		// RFC 5280 says name constraints must be critical.
		PermittedDNSDomainsCritical: true,
		PermittedDNSDomains:         permittedDomains(dnsNames, o.Domains),
		PermittedIPRanges:           permittedRanges(ips),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	return der, key, err
}

// permittedDomains is LocalDomains plus the names and extra domains asked
// for, without repeats and without names a local domain already covers.
func permittedDomains(names, extra []string) []string {
	out := slices.Clone(LocalDomains)
	for _, n := range append(slices.Clone(names), extra...) {
		n = strings.TrimPrefix(strings.ToLower(strings.TrimSpace(n)), "*.")
		if n == "" || slices.ContainsFunc(out, func(d string) bool { return n == d || strings.HasSuffix(n, "."+d) }) {
			continue
		}
		out = append(out, n)
	}
	return out
}

// permittedRanges is PrivateRanges plus any other address asked for.
func permittedRanges(ips []net.IP) []*net.IPNet {
	out := slices.Clone(PrivateRanges)
	for _, ip := range ips {
		if slices.ContainsFunc(out, func(n *net.IPNet) bool { return n.Contains(ip) }) {
			continue
		}
		bits := 128
		if ip4 := ip.To4(); ip4 != nil {
			ip, bits = ip4, 32
		}
		out = append(out, &net.IPNet{IP: ip, Mask: net.CIDRMask(bits, bits)})
	}
	return out
}

// signServer makes a server key and certificate signed by the CA.
func signServer(ca *x509.Certificate, caKey *ecdsa.PrivateKey, dnsNames []string, ips []net.IP, now time.Time, validity time.Duration) ([]byte, *ecdsa.PrivateKey, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	serial, err := serialNumber()
	if err != nil {
		return nil, nil, err
	}
	cn := "motcua"
	if len(dnsNames) > 0 {
		cn = dnsNames[0]
	}
	notAfter := now.Add(validity)
	if notAfter.After(ca.NotAfter) {
		notAfter = ca.NotAfter
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: cn, Organization: ca.Subject.Organization},
		NotBefore:    now.Add(-backdate),
		NotAfter:     notAfter,
		// ECDSA keys only sign: no key encipherment.
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		DNSNames:              dnsNames,
		IPAddresses:           ips,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	return der, key, err
}

// checkConstraints verifies the new certificate the way a client will, for
// each of its names, so a name the CA may not vouch for is reported here
// rather than by every browser.
func checkConstraints(ca, cert *x509.Certificate, now time.Time) error {
	roots := x509.NewCertPool()
	roots.AddCert(ca)
	opts := x509.VerifyOptions{Roots: roots, CurrentTime: now, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	if _, err := cert.Verify(opts); err != nil {
		var ce x509.CertificateInvalidError
		if errors.As(err, &ce) && ce.Reason == x509.CANotAuthorizedForThisName {
			return fmt.Errorf("tlscert: the CA may not vouch for one of these names (%s): it signs only local names and private addresses and the names it was made with. Make a new CA with --new-ca (every PC must then install the new ca.crt): %w", ce.Detail, err)
		}
		return fmt.Errorf("tlscert: the new certificate does not verify against the CA: %w", err)
	}
	return nil
}

func serialNumber() (*big.Int, error) {
	return rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
}

func pemBlock(kind string, der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: der})
}

func writeKey(path string, key *ecdsa.PrivateKey) error {
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return err
	}
	return writeFile(path, pemBlock("PRIVATE KEY", der), 0o600)
}

// writeFile replaces path atomically (a new file renamed over the old), so
// a running server or a power cut never sees half a key.
func writeFile(path string, data []byte, perm os.FileMode) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	if err := f.Chmod(perm); err != nil {
		f.Close()
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := errors.Join(f.Sync(), f.Close()); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// ReadCertificates reads every certificate of a PEM file.
func ReadCertificates(path string) ([]*x509.Certificate, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []*x509.Certificate
	for {
		var blk *pem.Block
		blk, b = pem.Decode(bytes.TrimSpace(b))
		if blk == nil {
			break
		}
		if blk.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(blk.Bytes)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no PEM certificate in it", path)
	}
	return out, nil
}
