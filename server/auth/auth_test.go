package auth

import (
	"context"
	"errors"
	"strings"
	"testing"

	"motcua/server/coded"
	"motcua/server/contract"
	"motcua/server/store"
)

const goodPassword = "mat-khau-dai-du"

// wantCode fails t unless err is a coded error with code.
func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	if coded.Code(err) != code {
		t.Errorf("%s: got %v, want %s", what, err, code)
	}
}

// withUser returns a service with the staff account canbo1 already made.
func withUser(t *testing.T) (*Service, *store.DB, context.Context) {
	t.Helper()
	s, db, _ := newService(t)
	ctx := context.Background()
	if err := s.AddUser(ctx, "canbo1", goodPassword, contract.RoleStaff); err != nil {
		t.Fatal(err)
	}
	return s, db, ctx
}

func TestHashVerifyPassword(t *testing.T) {
	h, err := HashPassword("đúng mật khẩu", TestParams)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=1024,t=1,p=1$") {
		t.Errorf("hash %q is not a PHC argon2id string with the given params", h)
	}
	if ok, err := VerifyPassword(h, "đúng mật khẩu"); !ok || err != nil {
		t.Errorf("right password: %v, %v", ok, err)
	}
	for _, wrong := range []string{"", "dung mat khau", "đúng mật khẩu ", "Đúng mật khẩu"} {
		if ok, err := VerifyPassword(h, wrong); ok || err != nil {
			t.Errorf("wrong password %q: %v, %v", wrong, ok, err)
		}
	}
	h2, err := HashPassword("đúng mật khẩu", TestParams)
	if err != nil {
		t.Fatal(err)
	}
	if h2 == h || strings.Split(h2, "$")[4] == strings.Split(h, "$")[4] {
		t.Errorf("two hashes share a salt: %q, %q", h, h2)
	}
}

func TestVerifyPasswordReadsParamsFromHash(t *testing.T) {
	other := Params{Time: 2, Memory: 2048, Threads: 2}
	h, err := HashPassword(goodPassword, other)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(h, "$m=2048,t=2,p=2$") {
		t.Fatalf("hash %q does not record its params", h)
	}
	if ok, err := VerifyPassword(h, goodPassword); !ok || err != nil {
		t.Errorf("hash made with other params: %v, %v", ok, err)
	}
	// Same salt and key, but claiming other params: the key no longer matches.
	forged := strings.Replace(h, "t=2", "t=1", 1)
	if ok, err := VerifyPassword(forged, goodPassword); ok || err != nil {
		t.Errorf("hash with altered params verified: %v, %v", ok, err)
	}

	// An account whose hash was made with other params still signs in.
	s, db, _ := newService(t)
	ctx := context.Background()
	if err := s.AddUser(ctx, "canbo2", "placeholder-pw", contract.RoleStaff); err != nil {
		t.Fatal(err)
	}
	if err := db.Update(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec("UPDATE users SET password_hash = ? WHERE username = 'canbo2'", h)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Login(ctx, "canbo2", goodPassword); err != nil {
		t.Errorf("login with an old-params hash: %v", err)
	}
	// That sign-in remade the hash with the service's parameters.
	var now string
	db.Reader().QueryRow("SELECT password_hash FROM users WHERE username = 'canbo2'").Scan(&now)
	if p, _ := hashParams(now); p != TestParams || now == h {
		t.Errorf("hash after sign-in %q, want one made with %+v", now, TestParams)
	}
	if _, err := s.Login(ctx, "canbo2", goodPassword); err != nil {
		t.Errorf("login with the remade hash: %v", err)
	}
}

func TestVerifyPasswordMalformed(t *testing.T) {
	good, err := HashPassword(goodPassword, TestParams)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(good, "$")
	salt, key := parts[4], parts[5]
	cases := map[string]string{
		"empty":            "",
		"not phc":          "plaintext",
		"bcrypt":           "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy",
		"argon2i":          "$argon2i$v=19$m=1024,t=1,p=1$" + salt + "$" + key,
		"too few parts":    "$argon2id$v=19$m=1024,t=1,p=1$" + salt,
		"too many parts":   good + "$extra",
		"bad version":      "$argon2id$v=16$m=1024,t=1,p=1$" + salt + "$" + key,
		"version not int":  "$argon2id$v=x$m=1024,t=1,p=1$" + salt + "$" + key,
		"params garbled":   "$argon2id$v=19$m=a,t=1,p=1$" + salt + "$" + key,
		"params missing":   "$argon2id$v=19$$" + salt + "$" + key,
		"negative memory":  "$argon2id$v=19$m=-1,t=1,p=1$" + salt + "$" + key,
		"threads overflow": "$argon2id$v=19$m=1024,t=1,p=300$" + salt + "$" + key,
		"zero time":        "$argon2id$v=19$m=1024,t=0,p=1$" + salt + "$" + key,
		"zero threads":     "$argon2id$v=19$m=1024,t=1,p=0$" + salt + "$" + key,
		"huge memory":      "$argon2id$v=19$m=4294967295,t=1,p=1$" + salt + "$" + key,
		"huge time":        "$argon2id$v=19$m=1024,t=4294967295,p=1$" + salt + "$" + key,
		"salt not base64":  "$argon2id$v=19$m=1024,t=1,p=1$!!!$" + key,
		"key not base64":   "$argon2id$v=19$m=1024,t=1,p=1$" + salt + "$***",
		"empty key":        "$argon2id$v=19$m=1024,t=1,p=1$" + salt + "$",
		"padded base64":    "$argon2id$v=19$m=1024,t=1,p=1$" + salt + "==$" + key,
	}
	for name, h := range cases {
		t.Run(name, func(t *testing.T) {
			ok, err := VerifyPassword(h, goodPassword)
			if ok || err == nil {
				t.Errorf("VerifyPassword(%q) = %v, %v; want false and an error", h, ok, err)
			}
		})
	}
}

func TestAddUser(t *testing.T) {
	s, db, _ := newService(t)
	ctx := context.Background()
	if err := s.AddUser(ctx, "  CanBo.Mot ", goodPassword, contract.RoleStaff); err != nil {
		t.Fatal(err)
	}
	var name string
	if err := db.Reader().QueryRowContext(ctx, "SELECT username FROM users").Scan(&name); err != nil || name != "canbo.mot" {
		t.Errorf("stored username %q, %v; want canbo.mot", name, err)
	}
	if _, err := s.Login(ctx, "CANBO.MOT", goodPassword); err != nil {
		t.Errorf("login with other case: %v", err)
	}
	for _, bad := range []string{"", "a", "-canbo", ".canbo", "can bo", "cánbộ", "canbo/1", strings.Repeat("a", 33)} {
		wantCode(t, "username "+bad, s.AddUser(ctx, bad, goodPassword, contract.RoleStaff), contract.CodeInvalid)
	}
	if err := s.AddUser(ctx, strings.Repeat("a", 32), goodPassword, contract.RoleAdmin); err != nil {
		t.Errorf("32-character username: %v", err)
	}
	wantCode(t, "short password", s.AddUser(ctx, "canbo2", "ngắn-quá", contract.RoleStaff), contract.CodeInvalid)
	// Ten runes but more bytes: the limit counts characters, not bytes.
	if err := s.AddUser(ctx, "canbo3", "mậtkhẩuđủ!", contract.RoleStaff); err != nil {
		t.Errorf("ten-character Vietnamese password: %v", err)
	}
	wantCode(t, "overlong password", s.AddUser(ctx, "canbo4", strings.Repeat("x", 257), contract.RoleStaff), contract.CodeInvalid)
	for _, role := range []string{"", "root", contract.RoleKiosk, contract.RoleDisplay, "Admin"} {
		wantCode(t, "role "+role, s.AddUser(ctx, "canbo5", goodPassword, role), contract.CodeInvalid)
	}
	wantCode(t, "duplicate", s.AddUser(ctx, "CANBO.mot", "another-password", contract.RoleAdmin), contract.CodeConflict)
	if _, err := s.Login(ctx, "canbo.mot", goodPassword); err != nil {
		t.Errorf("duplicate attempt changed the original account: %v", err)
	}
}

// TestSessionFromAClockAheadDoesNotOutliveTheFix: an appliance that booted
// with its clock years ahead and signed someone in must not, once NTP sets
// the clock right, honour that session for years.
func TestSessionFromAClockAheadDoesNotOutliveTheFix(t *testing.T) {
	s, _, c := newService(t)
	ctx := context.Background()
	if err := s.AddUser(ctx, "canbo1", goodPassword, contract.RoleStaff); err != nil {
		t.Fatal(err)
	}
	right := c.Now()
	c.Set(right.AddDate(4, 0, 0)) // booted in 2030
	sess, err := s.Login(ctx, "canbo1", goodPassword)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Authenticate(ctx, sess.Token); err != nil {
		t.Fatalf("session refused under the clock it was made with: %v", err)
	}
	c.Set(right) // NTP corrects the clock
	if _, err := s.Authenticate(ctx, sess.Token); !errors.Is(err, ErrNoAuth) {
		t.Errorf("a session made four years ahead is still accepted after the fix: %v", err)
	}
}

func TestLoginSessionAndExpiry(t *testing.T) {
	s, _, c := newService(t)
	ctx := context.Background()
	if err := s.AddUser(ctx, "canbo1", goodPassword, contract.RoleStaff); err != nil {
		t.Fatal(err)
	}
	start := c.Now()
	sess, err := s.Login(ctx, " CanBo1", goodPassword)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(sess.Token, "s_") || len(sess.Token) < 40 {
		t.Errorf("session token %q", sess.Token)
	}
	if sess.CSRFToken == "" || sess.CSRFToken == sess.Token {
		t.Errorf("CSRF token %q", sess.CSRFToken)
	}
	if sess.Username != "canbo1" || sess.Role != contract.RoleStaff || !sess.ExpiresAt.Equal(start.Add(SessionTTL)) {
		t.Errorf("session %+v", sess)
	}
	p, err := s.Authenticate(ctx, sess.Token)
	if err != nil || p.Name != "canbo1" || p.Role != contract.RoleStaff || p.Device || p.CSRF != sess.CSRFToken || len(p.TokenHash) == 0 {
		t.Fatalf("Authenticate: %+v, %v", p, err)
	}
	other, err := s.Login(ctx, "canbo1", goodPassword)
	if err != nil || other.Token == sess.Token || other.CSRFToken == sess.CSRFToken {
		t.Errorf("second login reused secrets: %+v, %v", other, err)
	}

	c.Advance(SessionTTL - 1)
	if _, err := s.Authenticate(ctx, sess.Token); err != nil {
		t.Errorf("session refused just before expiry: %v", err)
	}
	c.Advance(1)
	if _, err := s.Authenticate(ctx, sess.Token); !errors.Is(err, ErrNoAuth) {
		t.Errorf("session accepted at expiry: %v", err)
	}
}

func TestLoginLockout(t *testing.T) {
	s, _, c := newService(t)
	ctx := context.Background()
	if err := s.AddUser(ctx, "canbo1", goodPassword, contract.RoleStaff); err != nil {
		t.Fatal(err)
	}
	for i := 1; i < MaxFailures; i++ {
		if _, err := s.Login(ctx, "canbo1", "sai-mat-khau"); !errors.Is(err, ErrBadCredentials) {
			t.Fatalf("failure %d: %v", i, err)
		}
	}
	// Sign-in never says "locked": that would tell a guesser the name exists.
	if _, err := s.Login(ctx, "canbo1", "sai-mat-khau"); !errors.Is(err, ErrBadCredentials) {
		t.Fatalf("failure %d: %v, want ErrBadCredentials", MaxFailures, err)
	}
	if _, err := s.Login(ctx, "canbo1", goodPassword); !errors.Is(err, ErrBadCredentials) {
		t.Errorf("right password while locked: %v", err)
	}
	c.Advance(LockFor - 1)
	if _, err := s.Login(ctx, "canbo1", goodPassword); !errors.Is(err, ErrBadCredentials) {
		t.Errorf("right password just before unlock: %v", err)
	}
	c.Advance(1)
	if _, err := s.Login(ctx, "canbo1", goodPassword); err != nil {
		t.Errorf("right password after LockFor: %v", err)
	}
}

func TestLoginSuccessResetsFailures(t *testing.T) {
	s, _, ctx := withUser(t)
	for round := 0; round < 3; round++ {
		for i := 1; i < MaxFailures; i++ {
			if _, err := s.Login(ctx, "canbo1", "sai-mat-khau"); !errors.Is(err, ErrBadCredentials) {
				t.Fatalf("round %d failure %d: %v", round, i, err)
			}
		}
		if _, err := s.Login(ctx, "canbo1", goodPassword); err != nil {
			t.Fatalf("round %d: success after %d failures: %v", round, MaxFailures-1, err)
		}
	}
}

func TestLoginUnknownAndDisabled(t *testing.T) {
	s, db, ctx := withUser(t)
	if _, err := s.Login(ctx, "khongco", goodPassword); !errors.Is(err, ErrBadCredentials) {
		t.Errorf("unknown user: %v", err)
	}
	wantCode(t, "bad credentials", ErrBadCredentials, contract.CodeUnauthorized)
	// Many failures for an unknown name lock nothing and never say "locked".
	for i := 0; i <= MaxFailures; i++ {
		if _, err := s.Login(ctx, "khongco", "x"); !errors.Is(err, ErrBadCredentials) {
			t.Fatalf("unknown user, attempt %d: %v", i, err)
		}
	}
	sess, err := s.Login(ctx, "canbo1", goodPassword)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec("UPDATE users SET disabled = 1 WHERE username = 'canbo1'")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Login(ctx, "canbo1", goodPassword); !errors.Is(err, ErrBadCredentials) {
		t.Errorf("disabled user signed in: %v", err)
	}
	if _, err := s.Authenticate(ctx, sess.Token); !errors.Is(err, ErrNoAuth) {
		t.Errorf("session of a disabled user accepted: %v", err)
	}
}

func TestAuthenticateDevice(t *testing.T) {
	s, _, ctx := withUser(t)
	tok, err := s.AddDevice(ctx, " Kiosk-1 ", contract.RoleKiosk)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(tok, "d_") {
		t.Errorf("device token %q lacks d_", tok)
	}
	p, err := s.Authenticate(ctx, tok)
	if err != nil || p.Name != "kiosk-1" || p.Role != contract.RoleKiosk || !p.Device || p.CSRF != "" {
		t.Fatalf("device principal %+v, %v", p, err)
	}
	for _, bad := range []struct{ name, role string }{{"", contract.RoleKiosk}, {"kiosk 1", contract.RoleKiosk}, {"kiosk2", contract.RoleStaff}, {"kiosk2", ""}} {
		if _, err := s.AddDevice(ctx, bad.name, bad.role); err == nil {
			t.Errorf("AddDevice(%q, %q) accepted", bad.name, bad.role)
		}
	}
	// A device token's session-table twin does not exist, and vice versa.
	if _, err := s.Authenticate(ctx, "s_"+strings.TrimPrefix(tok, "d_")); !errors.Is(err, ErrNoAuth) {
		t.Errorf("device token as session: %v", err)
	}
	// The name is matched as AddDevice stored it (lower case, trimmed).
	if err := s.RevokeDevice(ctx, " KIOSK-1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Authenticate(ctx, tok); !errors.Is(err, ErrNoAuth) {
		t.Errorf("revoked device accepted: %v", err)
	}
	wantCode(t, "revoke twice", s.RevokeDevice(ctx, "kiosk-1"), contract.CodeNotFound)
	wantCode(t, "revoke unknown", s.RevokeDevice(ctx, "khong-co"), contract.CodeNotFound)
}

func TestAddDeviceTwiceReissues(t *testing.T) {
	s, _, ctx := withUser(t)
	old, err := s.AddDevice(ctx, "bang-1", contract.RoleDisplay)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RevokeDevice(ctx, "bang-1"); err != nil {
		t.Fatal(err)
	}
	fresh, err := s.AddDevice(ctx, "bang-1", contract.RoleKiosk)
	if err != nil || fresh == old {
		t.Fatalf("re-issue: %q, %v", fresh, err)
	}
	if _, err := s.Authenticate(ctx, old); !errors.Is(err, ErrNoAuth) {
		t.Errorf("old token still works: %v", err)
	}
	p, err := s.Authenticate(ctx, fresh)
	if err != nil || p.Name != "bang-1" || p.Role != contract.RoleKiosk {
		t.Errorf("re-issued token (revoked device, new role): %+v, %v", p, err)
	}
	// A name in use is refused: a typo must not cut a working kiosk off.
	if _, err := s.AddDevice(ctx, "bang-1", contract.RoleKiosk); coded.Code(err) != contract.CodeConflict {
		t.Fatalf("adding a device whose name is in use: %v, want conflict", err)
	}
	if _, err := s.Authenticate(ctx, fresh); err != nil {
		t.Fatalf("a refused add broke the working token: %v", err)
	}
	again, err := s.AddDeviceWith(ctx, DeviceSpec{Name: "bang-1", Role: contract.RoleKiosk, Counter: 4, Replace: true}, System)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Authenticate(ctx, fresh); !errors.Is(err, ErrNoAuth) {
		t.Errorf("token replaced without revoke still works: %v", err)
	}
	if p, err := s.Authenticate(ctx, again); err != nil || p.Counter != 4 {
		t.Errorf("newest token: %+v %v (want counter 4 from the record)", p, err)
	}
	devs, err := s.Devices(ctx)
	if err != nil || len(devs) != 1 || devs[0].RevokedAt != nil {
		t.Errorf("devices after re-issue: %+v, %v", devs, err)
	}
}

func TestAuthenticateRefusesGarbage(t *testing.T) {
	s, _, ctx := withUser(t)
	sess, err := s.Login(ctx, "canbo1", goodPassword)
	if err != nil {
		t.Fatal(err)
	}
	for _, tok := range []string{
		"", "s_", "d_", "short", "s_" + strings.Repeat("A", 43), "d_" + strings.Repeat("A", 43),
		sess.Token[:len(sess.Token)-1], sess.Token + "x", strings.ToUpper(sess.Token), sess.CSRFToken,
		"\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a", "'; DROP TABLE sessions; --",
		strings.Repeat("s", 201), sess.Token + strings.Repeat(" ", 200), strings.Repeat("d_", 1<<16),
	} {
		if p, err := s.Authenticate(ctx, tok); !errors.Is(err, ErrNoAuth) {
			t.Errorf("Authenticate(%.40q) = %+v, %v; want ErrNoAuth", tok, p, err)
		}
	}
	if _, err := s.Authenticate(ctx, sess.Token); err != nil {
		t.Errorf("real session refused after garbage: %v", err)
	}
}

func TestAuthenticateDeletedUser(t *testing.T) {
	s, db, ctx := withUser(t)
	sess, err := s.Login(ctx, "canbo1", goodPassword)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec("DELETE FROM users WHERE username = 'canbo1'")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Authenticate(ctx, sess.Token); !errors.Is(err, ErrNoAuth) {
		t.Errorf("session of a deleted user: %v", err)
	}
}

func TestChangePassword(t *testing.T) {
	s, _, ctx := withUser(t)
	a, err := s.Login(ctx, "canbo1", goodPassword)
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.Login(ctx, "canbo1", goodPassword)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.ChangePassword(ctx, "canbo1", "sai-mat-khau", "mat-khau-moi-123"); !errors.Is(err, ErrBadCredentials) {
		t.Errorf("wrong old password: %v", err)
	}
	wantCode(t, "new too short", s.ChangePassword(ctx, "canbo1", goodPassword, "ngan"), contract.CodeInvalid)
	if _, err := s.Authenticate(ctx, a.Token); err != nil {
		t.Errorf("a refused change ended a session: %v", err)
	}
	// The name is matched as Login matches it, whatever its case.
	if err := s.ChangePassword(ctx, "CanBo1", goodPassword, "mat-khau-moi-123"); err != nil {
		t.Fatal(err)
	}
	for _, sess := range []string{a.Token, b.Token} {
		if _, err := s.Authenticate(ctx, sess); !errors.Is(err, ErrNoAuth) {
			t.Errorf("session survived a password change: %v", err)
		}
	}
	if _, err := s.Login(ctx, "canbo1", goodPassword); !errors.Is(err, ErrBadCredentials) {
		t.Errorf("old password after change: %v", err)
	}
	if _, err := s.Login(ctx, "canbo1", "mat-khau-moi-123"); err != nil {
		t.Errorf("new password: %v", err)
	}
}

func TestChangePasswordCountsTowardLockout(t *testing.T) {
	s, _, ctx := withUser(t)
	for i := 1; i < MaxFailures; i++ {
		if err := s.ChangePassword(ctx, "canbo1", "sai-mat-khau", "mat-khau-moi-123"); !errors.Is(err, ErrBadCredentials) {
			t.Fatalf("attempt %d: %v", i, err)
		}
	}
	if err := s.ChangePassword(ctx, "canbo1", "sai-mat-khau", "mat-khau-moi-123"); !errors.Is(err, ErrLocked) {
		t.Fatalf("attempt %d: %v, want ErrLocked", MaxFailures, err)
	}
	if _, err := s.Login(ctx, "canbo1", goodPassword); !errors.Is(err, ErrBadCredentials) {
		t.Errorf("login after wrong old passwords: %v, want the one refusal", err)
	}
}

func TestLogout(t *testing.T) {
	s, _, ctx := withUser(t)
	a, err := s.Login(ctx, "canbo1", goodPassword)
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.Login(ctx, "canbo1", goodPassword)
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.Authenticate(ctx, a.Token)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Logout(ctx, p); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Authenticate(ctx, a.Token); !errors.Is(err, ErrNoAuth) {
		t.Errorf("session after logout: %v", err)
	}
	if _, err := s.Authenticate(ctx, b.Token); err != nil {
		t.Errorf("logout ended another session: %v", err)
	}
	// A device "logging out" keeps its token.
	tok, err := s.AddDevice(ctx, "kiosk-1", contract.RoleKiosk)
	if err != nil {
		t.Fatal(err)
	}
	dp, err := s.Authenticate(ctx, tok)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Logout(ctx, dp); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Authenticate(ctx, tok); err != nil {
		t.Errorf("device token after Logout: %v", err)
	}
}

// FuzzVerifyPassword feeds arbitrary strings as stored hashes: a corrupt
// users table must give an error, never a panic, a hang or a huge allocation.
func FuzzVerifyPassword(f *testing.F) {
	good, err := HashPassword(goodPassword, TestParams)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good, goodPassword)
	f.Add(good, "")
	f.Add("$argon2id$v=19$m=1024,t=0,p=1$c2FsdA$a2V5", "x")
	f.Add("$argon2id$v=19$m=8,t=1,p=0$$a2V5", "x")
	f.Add("$argon2id$v=19$m=4294967295,t=1,p=1$c2FsdA$a2V5", "x")
	f.Add("$$$$$", "")
	f.Fuzz(func(t *testing.T, hash, password string) {
		ok, err := VerifyPassword(hash, password)
		if ok && err != nil {
			t.Errorf("ok with error %v", err)
		}
		if ok && !strings.HasPrefix(hash, "$argon2id$") {
			t.Errorf("non-argon2id hash %q verified", hash)
		}
	})
}
