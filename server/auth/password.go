// Package auth owns who may do what: staff and admin accounts with argon2id
// password hashes and lockout, browser and program sessions, and the device
// tokens that kiosks and display boards present.
//
// Secrets are never stored: sessions and device tokens are kept as SHA-256
// hashes (they are long random strings, so a fast hash is enough), passwords
// as argon2id hashes in the PHC string format so the parameters can be
// raised later without breaking existing accounts.
package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Params are argon2id's cost parameters.
type Params struct {
	Time    uint32
	Memory  uint32 // KiB
	Threads uint8
}

// DefaultParams follow RFC 9106's second recommendation scaled to the
// appliance: 64 MiB and three passes take about a sixth of a second, which
// a sign-in can afford and a password guesser cannot. One lane (Threads:
// 1), so a check uses one of the appliance's two cores and the kiosks'
// tickets keep the other even while sign-ins are checked back to back
// (BenchmarkLoginFlood in server/api). Hashes made with two lanes still
// verify, and are remade with these parameters at the next sign-in.
var DefaultParams = Params{Time: 3, Memory: 64 * 1024, Threads: 1}

// TestParams are cheap parameters for tests only.
var TestParams = Params{Time: 1, Memory: 1024, Threads: 1}

const keyLen = 32

var b64 = base64.RawStdEncoding

// HashPassword returns the PHC string of password under p.
func HashPassword(password string, p Params) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, keyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

var errBadHash = errors.New("auth: malformed password hash")

// Bounds on the parameters read from a stored hash. argon2 panics on zero
// passes or threads, and a hash asking for gigabytes or thousands of passes
// would take the server down or hang a sign-in; the bounds leave room to
// raise DefaultParams fourfold.
const (
	maxHashTime   = 16
	maxHashMemory = 256 * 1024 // KiB
)

// hashParams reads the parameters a PHC string was made with.
func hashParams(hash string) (Params, bool) {
	parts := strings.Split(hash, "$")
	var p Params
	if len(parts) != 6 {
		return p, false
	}
	_, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads)
	return p, err == nil
}

// VerifyPassword tells whether password matches the PHC string, in constant
// time with respect to the password.
func VerifyPassword(hash, password string) (bool, error) {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, errBadHash
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, errBadHash
	}
	var p Params
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return false, errBadHash
	}
	if p.Time < 1 || p.Time > maxHashTime || p.Threads < 1 || p.Memory > maxHashMemory {
		return false, errBadHash
	}
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return false, errBadHash
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil || len(want) == 0 {
		return false, errBadHash
	}
	got := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}
