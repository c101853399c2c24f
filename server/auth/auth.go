package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"motcua/server/clock"
	"motcua/server/coded"
	"motcua/server/contract"
	"motcua/server/store"
)

// Lockout policy: after MaxFailures wrong passwords in a row an account is
// locked for LockFor. It slows a guesser to a crawl while an official who
// mistyped only waits a quarter of an hour (or asks an admin).
const (
	MaxFailures = 5
	LockFor     = 15 * time.Minute
	// SessionTTL covers a working day; staff sign in again the next morning.
	SessionTTL = 12 * time.Hour
	// MinPassword is the shortest password accepted.
	MinPassword = 10
)

// Token prefixes tell a session from a device token at a glance in logs
// (the token itself is never logged).
const (
	sessionPrefix = "s_"
	devicePrefix  = "d_"
)

// Principal is an authenticated caller.
type Principal struct {
	Name string
	Role string
	// Device is true for kiosks and displays.
	Device bool
	// CSRF is the session's anti-forgery token; empty for devices and
	// bearer-token callers, who are not exposed to cross-site requests.
	CSRF string
	// TokenHash identifies the session, for logout.
	TokenHash []byte
	// Counter is the counter a kiosk device is the rating tablet of (0:
	// none), from the device record: the request never says it.
	Counter int
}

// Is tells whether the caller has one of roles.
func (p Principal) Is(roles ...string) bool {
	for _, r := range roles {
		if p.Role == r {
			return true
		}
	}
	return false
}

// Service manages accounts, sessions and device tokens.
type Service struct {
	db     *store.DB
	clock  clock.Clock
	params Params
	dummy  string // a hash to verify against for unknown users, so timing reveals nothing

	// gate bounds the argon2id work in flight and clients the sign-in rate
	// of each client address (see Limits).
	gate    *gate
	clients *buckets
	rest    *buckets // shared by the gate's second line; nil: no limit
	// checked counts password checks, so tests can prove that every kind
	// of refusal costs exactly one.
	checked atomic.Int64
	// inCheck and afterCheck, nil outside tests, run inside a check's slot
	// and between a check and its settling, so tests can hold checks or
	// order them without sleeping.
	inCheck    func(username string)
	afterCheck func(ok bool)

	// devices caches device tokens (hash → cachedDevice): every kiosk
	// request presents one, and a lookup costs more than issuing the ticket.
	// Revoking or re-issuing through this service clears the cache at once;
	// a change made by another process (the CLI) takes up to deviceTTL.
	devices sync.Map
	// devicesGen counts cache clearings: a lookup that raced a revoke does
	// not put the revoked token back.
	devicesGen atomic.Int64

	// revoked is told, after the commit, of every credential that stopped
	// working, so open connections made with it can be closed at once.
	revoked atomic.Pointer[func(Revoked)]
}

// Revoked lists credentials that have just stopped working: devices revoked
// or given a new token, sessions ended, and users whose every session ended
// (password change, disabled or demoted account).
type Revoked struct {
	Devices  []string
	Sessions [][]byte // token hashes, as Principal.TokenHash
	Users    []string
}

// OnRevoke sets the function told of every revocation after it commits
// (the API closes the websockets opened with the revoked credential). It
// must not block.
func (s *Service) OnRevoke(fn func(Revoked)) { s.revoked.Store(&fn) }

// notifyRevoked tells the OnRevoke function of r once tx has committed.
func (s *Service) notifyRevoked(tx *store.Tx, r Revoked) {
	tx.OnCommit(func() {
		if fn := s.revoked.Load(); fn != nil && *fn != nil {
			(*fn)(r)
		}
	})
}

// deviceTTL bounds how long a cached device token is trusted without
// looking at the store.
const deviceTTL = 30 * time.Second

type cachedDevice struct {
	p     Principal
	until time.Time
}

// New returns the auth service over db.
func New(db *store.DB, c clock.Clock, p Params) (*Service, error) {
	dummy, err := HashPassword("motcua-no-such-user", p)
	if err != nil {
		return nil, err
	}
	s := &Service{db: db, clock: c, params: p, dummy: dummy}
	s.SetLimits(DefaultLimits)
	return s, nil
}

// SetLimits replaces the sign-in limits; call it before serving.
func (s *Service) SetLimits(l Limits) {
	if l.Checks <= 0 {
		l.Checks = checksFor(s.params)
	}
	s.gate = newGate(l.Checks, max(l.Queue, 0), l.Wait)
	s.clients = newBuckets(l.Burst, l.Every)
	s.rest = nil
	if l.RestBurst > 0 {
		s.rest = newBuckets(l.RestBurst, l.RestEvery)
	}
}

var (
	usernameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{1,31}$`)
	deviceRE   = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}$`)
)

func apiErr(code, msg string) error { return coded.New(code, msg) }

// ErrBadCredentials is the one answer to a refused sign-in: unknown user,
// disabled or locked account, or wrong password. One answer, so a guesser
// learns nothing about which usernames exist; it names the lock so an
// official who mistyped knows why the right password fails for a while.
var ErrBadCredentials = apiErr(contract.CodeUnauthorized,
	fmt.Sprintf("Sai tên đăng nhập hoặc mật khẩu (sau %d lần sai, tài khoản tạm khoá %d phút) / wrong username or password (after %d failures the account is locked for %d minutes)",
		MaxFailures, int(LockFor.Minutes()), MaxFailures, int(LockFor.Minutes())))

// ErrLocked tells a signed-in user changing their password that the account
// is locked; sign-in never answers it (see ErrBadCredentials).
var ErrLocked = apiErr(contract.CodeLocked,
	fmt.Sprintf("Tài khoản tạm khoá %d phút do nhập sai nhiều lần / account locked for %d minutes after repeated failures", int(LockFor.Minutes()), int(LockFor.Minutes())))

// maxPasswordBytes bounds a password before it reaches argon2id.
const maxPasswordBytes = 256

// checkPassword applies the password rules. Length is counted in NFC
// characters: "ệ" typed with combining marks is one letter as the official
// sees it, not three code points. Control characters (C0, DEL, C1) and
// bidirectional marks and overrides are refused: they are invisible, a
// keyboard cannot type them back, and in the audit or a terminal they can
// disguise text.
func checkPassword(pw string) error {
	if !utf8.ValidString(pw) || strings.IndexFunc(pw, invisible) >= 0 {
		return apiErr(contract.CodeInvalid,
			"Mật khẩu không được chứa ký tự điều khiển hay ký tự ẩn / password must not contain control or invisible direction characters")
	}
	if utf8.RuneCountInString(norm.NFC.String(pw)) < MinPassword || len(pw) > maxPasswordBytes {
		return apiErr(contract.CodeInvalid,
			fmt.Sprintf("Mật khẩu phải có từ %d ký tự / password must have at least %d characters", MinPassword, MinPassword))
	}
	return nil
}

// invisible tells the characters a password may not hold.
func invisible(r rune) bool {
	switch {
	case unicode.IsControl(r): // C0, DEL and C1
		return true
	case r == 0x061C, r == 0x200E, r == 0x200F: // Arabic letter mark, LRM, RLM
		return true
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069: // embeddings, overrides, isolates
		return true
	}
	return false
}

// System is the actor of changes made on the appliance itself (first start,
// the motcua-server user and device commands): someone with a shell on the
// server, recorded as such in the audit log.
var System = Principal{Name: "system", Role: "system"}

// AddUser creates a staff or admin account from the command line; the audit
// log names System as its author.
func (s *Service) AddUser(ctx context.Context, username, password, role string) error {
	return s.AddUserBy(ctx, username, password, role, System)
}

// AddUserBy creates a staff or admin account on an administrator's behalf
// and writes it to the audit log (never the password) in the same change.
func (s *Service) AddUserBy(ctx context.Context, username, password, role string, by Principal) error {
	username = strings.ToLower(strings.TrimSpace(username))
	if !usernameRE.MatchString(username) {
		return apiErr(contract.CodeInvalid, "Tên đăng nhập: 2–32 chữ thường, số, dấu . _ - / username: 2–32 lower-case letters, digits, . _ -")
	}
	if role != contract.RoleAdmin && role != contract.RoleStaff {
		return apiErr(contract.CodeInvalid, "Vai trò phải là admin hoặc staff / role must be admin or staff")
	}
	hash, err := s.newHash(ctx, password)
	if err != nil {
		return err
	}
	now := s.clock.Now()
	return s.db.Update(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec("INSERT INTO users (username, role, password_hash, created_at) VALUES (?, ?, ?, ?)", username, role, hash, now.UnixMicro())
		if err != nil && strings.Contains(err.Error(), "UNIQUE") {
			return apiErr(contract.CodeConflict, fmt.Sprintf("Đã có tài khoản %q / user exists", username))
		}
		if err != nil {
			return err
		}
		return writeAudit(tx, now, by, "user.create", fmt.Sprintf("%s (%s)", username, role))
	})
}

// HasAdmin tells whether any admin account exists, so first start can make one.
func (s *Service) HasAdmin(ctx context.Context) (bool, error) {
	var n int
	err := s.db.Reader().QueryRowContext(ctx, "SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled = 0").Scan(&n)
	return n > 0, err
}

// Login checks a password and opens a session, for callers inside the
// server (tests, tools): no per-client limit, but the same bounded checks.
func (s *Service) Login(ctx context.Context, username, password string) (contract.Session, error) {
	return s.LoginFrom(ctx, "", username, password)
}

// LoginFrom checks a password sent from the client address and opens a
// session. An address over its rate is refused before any hashing; the
// check then waits for one of the bounded slots. Unknown, disabled and
// locked accounts cost one argon2id check like a wrong password and get the
// same answer, ErrBadCredentials, so neither timing nor wording tells a
// guesser which usernames exist or are locked. Every attempt leaves one
// audit line naming the username tried (never the password).
func (s *Service) LoginFrom(ctx context.Context, client, username, password string) (contract.Session, error) {
	username = strings.ToLower(strings.TrimSpace(username))
	first, err := s.admit(client)
	if err != nil {
		return contract.Session{}, err
	}
	at, err := s.attempt(ctx, first, username, password)
	if err != nil {
		return contract.Session{}, err
	}
	rehash, err := s.rehash(ctx, at, password)
	if err != nil {
		return contract.Session{}, err
	}
	now := s.clock.Now()
	token, hash := newToken(sessionPrefix)
	csrf, _ := newToken("")
	sess := contract.Session{Token: token, CSRFToken: csrf, Username: at.acct.username, Role: at.acct.role, ExpiresAt: now.Add(SessionTTL)}
	var refused error
	err = s.db.Update(ctx, func(tx *store.Tx) error {
		var err error
		if refused, err = s.settle(ctx, tx, at, "auth.login_failed", now); err != nil || refused != nil {
			return err
		}
		if rehash != "" {
			if _, err := tx.Exec("UPDATE users SET password_hash = ? WHERE id = ? AND password_hash = ?", rehash, at.acct.id, at.hash); err != nil {
				return err
			}
		}
		return openSession(tx, at.acct, hash, csrf, now, sess.ExpiresAt)
	})
	if err != nil {
		return contract.Session{}, err
	}
	if refused != nil {
		return contract.Session{}, ErrBadCredentials
	}
	return sess, nil
}

// admit spends one of the client's sign-in tokens ("" is not limited) and
// tells whether its check goes in the gate's first line.
func (s *Service) admit(client string) (first bool, err error) {
	if client == "" {
		return true, nil
	}
	now := s.clock.Now()
	ok, first, wait := s.clients.take(client, now)
	if !ok {
		return false, rateLimited(wait)
	}
	// The shared limit bites only when checks compete: one official
	// retrying alone on a quiet server is never told it is busy.
	if !first && s.rest != nil && s.gate.busy() {
		if ok, _, _ := s.rest.take("", now); !ok {
			return false, errBusy
		}
	}
	return first, nil
}

// account is the row a password was checked against.
type account struct {
	id             int64
	username, role string
}

// attempt is a password checked outside the store's writer (argon2id is
// far too slow to run in the one writer goroutine); settle decides on it.
type attempt struct {
	acct  account
	known bool   // an enabled account of that name existed when read
	hash  string // the hash checked, to notice a password changed meanwhile
	ok    bool
}

// attempt checks password against username's hash, or against a dummy
// hash when there is no such enabled account, so both cost the same.
func (s *Service) attempt(ctx context.Context, first bool, username, password string) (attempt, error) {
	at := attempt{acct: account{username: username}, hash: s.dummy}
	err := s.db.Reader().QueryRowContext(ctx, "SELECT id, role, password_hash FROM users WHERE username = ? AND disabled = 0", username).
		Scan(&at.acct.id, &at.acct.role, &at.hash)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		at.hash = s.dummy
	case err != nil:
		return at, err
	default:
		at.known = true
	}
	var verr error
	if err := s.gate.do(ctx, first, func() {
		s.checked.Add(1)
		if s.inCheck != nil {
			s.inCheck(username)
		}
		at.ok, verr = VerifyPassword(at.hash, password)
	}); err != nil {
		return at, err
	}
	at.ok = at.ok && at.known
	if s.afterCheck != nil {
		s.afterCheck(at.ok)
	}
	return at, verr
}

// rehash remakes an accepted password's hash when it was made with other
// parameters than the service's (an older default), so raising or
// changing DefaultParams reaches every account as it signs in. "" when
// there is nothing to remake.
func (s *Service) rehash(ctx context.Context, at attempt, password string) (string, error) {
	if !at.ok {
		return "", nil
	}
	if p, ok := hashParams(at.hash); !ok || p == s.params {
		return "", nil
	}
	return s.hash(ctx, password)
}

// hash makes a new password's hash under the same bound as the checks:
// it costs as much memory.
func (s *Service) hash(ctx context.Context, password string) (string, error) {
	var h string
	var herr error
	if err := s.gate.do(ctx, true, func() { h, herr = HashPassword(password, s.params) }); err != nil {
		return "", err
	}
	return h, herr
}

// settle decides on an attempt inside the write transaction, from the
// account as it is now: a lock set by failures that were checked at the same
// time wins over a right password, every wrong password is counted (the
// single writer serialises them), and a password changed since the check
// refuses the attempt. It writes the refusal (or nothing, on success) to
// the audit log as action and returns ErrBadCredentials or ErrLocked as the
// refusal, nil when the password is accepted.
func (s *Service) settle(ctx context.Context, tx *store.Tx, at attempt, action string, now time.Time) (refusal, err error) {
	who := Principal{Name: auditName(at.acct.username), Role: at.acct.role}
	var hash string
	var failed int
	var lockedUntil int64
	if at.known {
		err = tx.QueryRowContext(ctx, "SELECT password_hash, failed, locked_until FROM users WHERE id = ? AND disabled = 0", at.acct.id).
			Scan(&hash, &failed, &lockedUntil)
	}
	switch {
	case !at.known || errors.Is(err, sql.ErrNoRows):
		return ErrBadCredentials, writeAudit(tx, now, who, action, "không có tài khoản này hoặc tài khoản đã bị khoá / unknown or disabled account")
	case err != nil:
		return nil, err
	case lockedUntil > now.UnixMicro():
		return ErrLocked, writeAudit(tx, now, who, action, "tài khoản đang tạm khoá / account locked")
	case hash != at.hash:
		return ErrBadCredentials, writeAudit(tx, now, who, action, "mật khẩu vừa được đổi / password changed meanwhile")
	case at.ok:
		_, err = tx.Exec("UPDATE users SET failed = 0, locked_until = 0 WHERE id = ?", at.acct.id)
		return nil, err
	}
	failed++
	detail := fmt.Sprintf("sai mật khẩu lần %d / wrong password, attempt %d", failed, failed)
	refusal = ErrBadCredentials
	if failed >= MaxFailures {
		refusal, failed, lockedUntil = ErrLocked, 0, now.Add(LockFor).UnixMicro()
		detail += fmt.Sprintf(" – khoá %d phút / locked for %d minutes", int(LockFor.Minutes()), int(LockFor.Minutes()))
	}
	if _, err := tx.Exec("UPDATE users SET failed = ?, locked_until = ? WHERE id = ?", failed, lockedUntil, at.acct.id); err != nil {
		return nil, err
	}
	return refusal, writeAudit(tx, now, who, action, detail)
}

// auditName bounds what a visitor typed as a username before it goes into
// the log: valid UTF-8, no control characters, at most 64 characters.
func auditName(name string) string {
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, strings.ToValidUTF8(name, "?"))
	if r := []rune(name); len(r) > 64 {
		name = string(r[:64]) + "…"
	}
	return name
}

// openSession stores a new session (dropping expired ones) with its audit
// line, inside the transaction that accepted the password.
func openSession(tx *store.Tx, acct account, hash []byte, csrf string, now, expires time.Time) error {
	if _, err := tx.Exec("DELETE FROM sessions WHERE expires_at < ?", now.UnixMicro()); err != nil {
		return err
	}
	if _, err := tx.Exec("INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
		hash, acct.id, csrf, now.UnixMicro(), expires.UnixMicro()); err != nil {
		return err
	}
	return writeAudit(tx, now, Principal{Name: acct.username, Role: acct.role}, "auth.login", "")
}

// Logout ends a session; ending one that is already gone changes nothing
// and writes nothing to the audit log.
func (s *Service) Logout(ctx context.Context, p Principal) error {
	if p.Device || len(p.TokenHash) == 0 {
		return nil
	}
	return s.db.Update(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec("DELETE FROM sessions WHERE token_hash = ?", p.TokenHash)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		s.notifyRevoked(tx, Revoked{Sessions: [][]byte{p.TokenHash}})
		return writeAudit(tx, s.clock.Now(), p, "auth.logout", "")
	})
}

// ErrNoAuth means the token is missing, unknown, expired or revoked.
var ErrNoAuth = apiErr(contract.CodeUnauthorized, "Cần đăng nhập / sign-in required")

// Authenticate resolves a session or device token to its caller.
func (s *Service) Authenticate(ctx context.Context, token string) (Principal, error) {
	if len(token) < 10 || len(token) > 200 {
		return Principal{}, ErrNoAuth
	}
	hash := hashToken(token)
	if strings.HasPrefix(token, devicePrefix) {
		return s.device(ctx, hash)
	}
	var p Principal
	var expires int64
	err := s.db.Reader().QueryRowContext(ctx, `SELECT u.username, u.role, s.csrf, s.expires_at FROM sessions s
		JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND u.disabled = 0`, hash).Scan(&p.Name, &p.Role, &p.CSRF, &expires)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !sessionLive(expires, s.clock.Now())) {
		return Principal{}, ErrNoAuth
	}
	p.TokenHash = hash
	return p, err
}

// sessionLive tells whether a session expiring at expires (µs) is valid at
// now. A session is never valid for more than SessionTTL from now: one
// opened while the clock ran ahead (an appliance that booted in 2030 before
// NTP corrected it) would otherwise stay valid for years.
func sessionLive(expires int64, now time.Time) bool {
	return expires > now.UnixMicro() && expires <= now.Add(SessionTTL).UnixMicro()
}

func (s *Service) device(ctx context.Context, hash []byte) (Principal, error) {
	now := s.clock.Now()
	if c, ok := s.devices.Load(string(hash)); ok && now.Before(c.(cachedDevice).until) {
		return c.(cachedDevice).p, nil
	}
	gen := s.devicesGen.Load()
	p := Principal{Device: true}
	err := s.db.Reader().QueryRowContext(ctx, "SELECT name, role, counter FROM devices WHERE token_hash = ? AND revoked_at = 0", hash).Scan(&p.Name, &p.Role, &p.Counter)
	if errors.Is(err, sql.ErrNoRows) {
		return Principal{}, ErrNoAuth
	}
	if err == nil && s.devicesGen.Load() == gen {
		s.devices.Store(string(hash), cachedDevice{p: p, until: now.Add(deviceTTL)})
	}
	return p, err
}

// forgetDevices empties the device cache after a token changes.
func (s *Service) forgetDevices() {
	s.devicesGen.Add(1)
	s.devices.Clear()
}

// DeviceSpec is a device to register: its name, its role, the counter a
// kiosk is the rating tablet of (0: none), and whether an existing device of
// that name is to be replaced (a new token; the old one stops at once).
type DeviceSpec struct {
	Name    string
	Role    string
	Counter int
	Replace bool
}

// MaxCounter is the highest counter number a device can be bound to, as in
// the API's counter paths.
const MaxCounter = 999

// AddDevice registers a new kiosk or display from the command line; the
// audit log names System as its author.
func (s *Service) AddDevice(ctx context.Context, name, role string) (string, error) {
	return s.AddDeviceWith(ctx, DeviceSpec{Name: name, Role: role}, System)
}

// AddDeviceBy registers a new kiosk or display on an administrator's
// behalf; a name already in use is refused (see AddDeviceWith).
func (s *Service) AddDeviceBy(ctx context.Context, name, role string, by Principal) (string, error) {
	return s.AddDeviceWith(ctx, DeviceSpec{Name: name, Role: role}, by)
}

// AddDeviceWith registers a kiosk or display and returns its token, with an
// audit line in the same change. The token is shown once; only its hash is
// kept, and it never reaches the log. A name already in use is a conflict
// unless d.Replace: a typo must not silently cut a working kiosk off (a
// revoked device's name may be reused without it).
// Replacing gives the device a new token and closes what the old one had
// open.
func (s *Service) AddDeviceWith(ctx context.Context, d DeviceSpec, by Principal) (string, error) {
	name, role := strings.ToLower(strings.TrimSpace(d.Name)), d.Role
	if !deviceRE.MatchString(name) {
		return "", apiErr(contract.CodeInvalid, "Tên thiết bị: chữ thường, số, . _ - / device name: lower-case letters, digits, . _ -")
	}
	if role != contract.RoleKiosk && role != contract.RoleDisplay {
		return "", apiErr(contract.CodeInvalid, "Loại thiết bị phải là kiosk hoặc display / role must be kiosk or display")
	}
	if d.Counter < 0 || d.Counter > MaxCounter || (d.Counter > 0 && role != contract.RoleKiosk) {
		return "", apiErr(contract.CodeInvalid, fmt.Sprintf("Quầy gắn với máy đánh giá phải từ 1 đến %d, chỉ cho kiosk / a rating tablet's counter is 1–%d, kiosks only", MaxCounter, MaxCounter))
	}
	token, hash := newToken(devicePrefix)
	now := s.clock.Now()
	err := s.db.Update(ctx, func(tx *store.Tx) error {
		var existed, active int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*), COALESCE(SUM(revoked_at = 0), 0) FROM devices WHERE name = ?", name).Scan(&existed, &active); err != nil {
			return err
		}
		if active > 0 && !d.Replace {
			return apiErr(contract.CodeConflict, fmt.Sprintf("Đã có thiết bị %q; chọn thay thế để cấp mã mới / device %q exists; use replace to issue a new token", name, name))
		}
		_, err := tx.Exec(`INSERT INTO devices (name, role, token_hash, created_at, counter) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (name) DO UPDATE SET role = excluded.role, token_hash = excluded.token_hash, created_at = excluded.created_at,
			revoked_at = 0, counter = excluded.counter`,
			name, role, hash, now.UnixMicro(), d.Counter)
		if err != nil {
			return err
		}
		tx.OnCommit(s.forgetDevices)
		detail := fmt.Sprintf("%s (%s)", name, role)
		if d.Counter > 0 {
			detail += fmt.Sprintf(", máy đánh giá quầy %d / rating tablet of counter %d", d.Counter, d.Counter)
		}
		if existed > 0 {
			s.notifyRevoked(tx, Revoked{Devices: []string{name}})
			detail += ": cấp lại mã, mã cũ hết hiệu lực / new token, the old one stops working"
		}
		return writeAudit(tx, now, by, "device.create", detail)
	})
	return token, err
}

// RevokeDevice makes a device's token useless at once, from the command
// line; the audit log names System as its author.
func (s *Service) RevokeDevice(ctx context.Context, name string) error {
	return s.RevokeDeviceBy(ctx, name, System)
}

// RevokeDeviceBy makes a device's token useless at once, on an
// administrator's behalf, with an audit line in the same change.
func (s *Service) RevokeDeviceBy(ctx context.Context, name string, by Principal) error {
	name = strings.ToLower(strings.TrimSpace(name)) // as AddDevice stored it
	now := s.clock.Now()
	return s.db.Update(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec("UPDATE devices SET revoked_at = ? WHERE name = ? AND revoked_at = 0", now.UnixMicro(), name)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apiErr(contract.CodeNotFound, "Không có thiết bị này / no such device")
		}
		tx.OnCommit(s.forgetDevices)
		s.notifyRevoked(tx, Revoked{Devices: []string{name}})
		return writeAudit(tx, now, by, "device.revoke", name)
	})
}

// ChangePassword replaces a user's password after checking the old one. A
// wrong old password counts towards the lockout like a failed sign-in, and
// the lock is decided in the same transaction as the change; the change and
// each refusal leave one audit line (never a password). The caller is signed
// in, so a lock is named as such (ErrLocked) rather than hidden.
func (s *Service) ChangePassword(ctx context.Context, username, old, new string) error {
	username = strings.ToLower(strings.TrimSpace(username)) // as Login finds it
	at, err := s.attempt(ctx, true, username, old)
	if err != nil {
		return err
	}
	var hash string
	if at.ok {
		if hash, err = s.newHash(ctx, new); err != nil {
			return err
		}
	}
	now := s.clock.Now()
	var refused error
	err = s.db.Update(ctx, func(tx *store.Tx) error {
		var err error
		if refused, err = s.settle(ctx, tx, at, "auth.password_failed", now); err != nil || refused != nil {
			return err
		}
		return s.setPassword(tx, at.acct.id, at.acct.username, hash, now, Principal{Name: at.acct.username, Role: at.acct.role}, "auth.password", "")
	})
	if err != nil {
		return err
	}
	return refused
}

// newHash checks a new password against the rules and hashes it.
func (s *Service) newHash(ctx context.Context, password string) (string, error) {
	if err := checkPassword(password); err != nil {
		return "", err
	}
	return s.hash(ctx, password)
}

// setPassword stores a new hash, clears the lockout and ends every session
// of the account (they were opened with the old password; their open event
// streams close once the change commits), with its audit line.
func (s *Service) setPassword(tx *store.Tx, id int64, username, hash string, now time.Time, by Principal, action, detail string) error {
	if _, err := tx.Exec("UPDATE users SET password_hash = ?, failed = 0, locked_until = 0 WHERE id = ?", hash, id); err != nil {
		return err
	}
	if _, err := tx.Exec("DELETE FROM sessions WHERE user_id = ?", id); err != nil {
		return err
	}
	s.notifyRevoked(tx, Revoked{Users: []string{username}})
	return writeAudit(tx, now, by, action, detail)
}

// newToken returns a random token and the hash that is stored.
func newToken(prefix string) (string, []byte) {
	b := make([]byte, 32)
	rand.Read(b)
	t := prefix + base64.RawURLEncoding.EncodeToString(b)
	return t, hashToken(t)
}

func hashToken(t string) []byte {
	h := sha256.Sum256([]byte(t))
	return h[:]
}
