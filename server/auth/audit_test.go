package auth

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"motcua/server/contract"
	"motcua/server/store"
)

// auditRow is one line of the audit table as the tests read it.
type auditRow struct {
	actor, role, action, detail string
}

// newAudit returns the audit lines written since the last call.
func newAudit(t *testing.T, db *store.DB) func() []auditRow {
	t.Helper()
	var last int64
	return func() []auditRow {
		t.Helper()
		rows, err := db.Reader().Query("SELECT id, actor, role, action, detail FROM audit WHERE id > ? ORDER BY id", last)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []auditRow
		for rows.Next() {
			var a auditRow
			if err := rows.Scan(&last, &a.actor, &a.role, &a.action, &a.detail); err != nil {
				t.Fatal(err)
			}
			out = append(out, a)
		}
		return out
	}
}

// wantOne fails unless exactly one line was written, by actor with action,
// and its detail contains every want.
func wantOne(t *testing.T, what string, got []auditRow, actor, role, action string, want ...string) {
	t.Helper()
	if len(got) != 1 {
		t.Errorf("%s: %d audit lines %+v, want 1", what, len(got), got)
		return
	}
	a := got[0]
	if a.actor != actor || a.role != role || a.action != action {
		t.Errorf("%s: audit line %+v, want actor %q role %q action %q", what, a, actor, role, action)
	}
	for _, w := range want {
		if !strings.Contains(a.detail, w) {
			t.Errorf("%s: detail %q lacks %q", what, a.detail, w)
		}
	}
}

// TestAuditEveryAccountAction: creating accounts and devices, revoking a
// device, signing in (right, wrong, unknown, locked), signing out and
// changing a password each leave exactly one audit line with who did it,
// and no line ever holds a password or a token.
func TestAuditEveryAccountAction(t *testing.T) {
	s, db, _ := newService(t)
	ctx := context.Background()
	since := newAudit(t, db)
	var secrets []string
	secret := func(v string) string { secrets = append(secrets, v); return v }

	if err := s.AddUser(ctx, "quantri", secret("mat-khau-quan-tri"), contract.RoleAdmin); err != nil {
		t.Fatal(err)
	}
	wantOne(t, "user from the command line", since(), "system", "system", "user.create", "quantri", "admin")
	if err := s.AddUserBy(ctx, "CanBo2", secret("mat-khau-can-bo"), contract.RoleStaff, boss); err != nil {
		t.Fatal(err)
	}
	wantOne(t, "user by an admin", since(), "quantri", contract.RoleAdmin, "user.create", "canbo2", "staff")
	if err := s.AddUserBy(ctx, "canbo2", "mat-khau-khac-nua", contract.RoleStaff, boss); err == nil {
		t.Fatal("duplicate user accepted")
	}
	if got := since(); len(got) != 0 {
		t.Errorf("a refused creation was logged: %+v", got)
	}

	tok, err := s.AddDeviceBy(ctx, "kiosk-1", contract.RoleKiosk, boss)
	if err != nil {
		t.Fatal(err)
	}
	secret(tok)
	wantOne(t, "device", since(), "quantri", contract.RoleAdmin, "device.create", "kiosk-1 (kiosk)")
	_, err = s.AddDeviceBy(ctx, "kiosk-1", contract.RoleKiosk, boss)
	wantCode(t, "add an existing device", err, contract.CodeConflict)
	if got := since(); len(got) != 0 {
		t.Errorf("a refused device creation was logged: %+v", got)
	}
	tok, err = s.AddDeviceWith(ctx, DeviceSpec{Name: "kiosk-1", Role: contract.RoleKiosk, Replace: true}, boss)
	if err != nil {
		t.Fatal(err)
	}
	secret(tok)
	wantOne(t, "device re-issued", since(), "quantri", contract.RoleAdmin, "device.create", "kiosk-1", "cấp lại mã")
	if err := s.RevokeDeviceBy(ctx, "Kiosk-1", boss); err != nil {
		t.Fatal(err)
	}
	wantOne(t, "revoke", since(), "quantri", contract.RoleAdmin, "device.revoke", "kiosk-1")
	if err := s.RevokeDeviceBy(ctx, "kiosk-1", boss); err == nil {
		t.Fatal("revoked twice")
	}
	if got := since(); len(got) != 0 {
		t.Errorf("a refused revoke was logged: %+v", got)
	}

	sess, err := s.Login(ctx, " CanBo2 ", "mat-khau-can-bo")
	if err != nil {
		t.Fatal(err)
	}
	secret(sess.Token)
	secret(sess.CSRFToken)
	wantOne(t, "login", since(), "canbo2", contract.RoleStaff, "auth.login")
	s.Login(ctx, "canbo2", secret("sai-mat-khau-1"))
	wantOne(t, "wrong password", since(), "canbo2", contract.RoleStaff, "auth.login_failed", "lần 1")
	s.Login(ctx, "Ai-Do", secret("sai-mat-khau-2"))
	wantOne(t, "unknown user", since(), "ai-do", "", "auth.login_failed", "không có tài khoản")
	s.Login(ctx, "x\x00y\n"+strings.Repeat("z", 300), "sai-mat-khau-3")
	got := since()
	if len(got) != 1 || got[0].actor != "xy"+strings.Repeat("z", 62)+"…" {
		t.Errorf("a long, odd username tried is not bounded in the log: %+v", got)
	}

	p, err := s.Authenticate(ctx, sess.Token)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Logout(ctx, p); err != nil {
		t.Fatal(err)
	}
	wantOne(t, "logout", since(), "canbo2", contract.RoleStaff, "auth.logout")
	if err := s.Logout(ctx, p); err != nil {
		t.Fatal(err)
	}
	if got := since(); len(got) != 0 {
		t.Errorf("signing out of an ended session was logged: %+v", got)
	}

	s.ChangePassword(ctx, "canbo2", secret("sai-mat-khau-4"), secret("mat-khau-moi-1234"))
	wantOne(t, "password change refused", since(), "canbo2", contract.RoleStaff, "auth.password_failed", "lần 2")
	if err := s.ChangePassword(ctx, "canbo2", "mat-khau-can-bo", secret("mat-khau-moi-5678")); err != nil {
		t.Fatal(err)
	}
	wantOne(t, "password change", since(), "canbo2", contract.RoleStaff, "auth.password")

	// The change cleared the count: the lock comes after MaxFailures more.
	for i := 1; i <= MaxFailures; i++ {
		s.Login(ctx, "canbo2", "sai-mat-khau-5")
	}
	got = since()
	if len(got) != MaxFailures || !strings.Contains(got[len(got)-1].detail, "khoá 15 phút") {
		t.Errorf("failures up to the lock: %+v", got)
	}
	s.Login(ctx, "canbo2", "mat-khau-moi-5678")
	wantOne(t, "login while locked", since(), "canbo2", contract.RoleStaff, "auth.login_failed", "tạm khoá")

	assertNoSecrets(t, db, secrets)
}

// assertNoSecrets fails if any audit cell holds one of the secrets.
func assertNoSecrets(t *testing.T, db *store.DB, secrets []string) {
	t.Helper()
	rows, err := db.Reader().Query("SELECT actor || ' ' || role || ' ' || action || ' ' || ticket || ' ' || detail FROM audit")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var line sql.NullString
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		n++
		for _, sec := range secrets {
			if strings.Contains(line.String, sec) {
				t.Errorf("audit line %q holds a secret", line.String)
			}
		}
	}
	if n == 0 {
		t.Fatal("no audit lines at all")
	}
}
