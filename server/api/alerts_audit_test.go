package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"motcua/server/contract"
	"motcua/server/queue"
	"motcua/server/servertest"
)

// TestFaultTakenOverHTTP: a kiosk's fault is in the state for every
// console with its id until one official takes it; a second take is 409.
func TestFaultTakenOverHTTP(t *testing.T) {
	srv := servertest.New(t)
	staff := sessionToken(t, srv, servertest.StaffUser, servertest.StaffPassword)
	body, _ := json.Marshal(contract.FaultRequest{Kind: "paper_out", Message: "Hết giấy"})
	status, _, b := call(t, srv, "POST", "/api/v1/faults", srv.KioskToken, body)
	var f contract.DeviceFault
	if json.Unmarshal(b, &f); status != 201 || f.ID == 0 || f.Device != "kiosk-test" {
		t.Fatalf("report: %d %s", status, b)
	}
	openFaults := func() []contract.DeviceFault {
		t.Helper()
		status, _, b := call(t, srv, "GET", "/api/v1/state", staff, nil)
		var st contract.State
		if err := json.Unmarshal(b, &st); status != 200 || err != nil {
			t.Fatalf("state: %d %v", status, err)
		}
		return st.OpenFaults
	}
	if open := openFaults(); len(open) != 1 || open[0].ID != f.ID || open[0].Kind != "paper_out" {
		t.Fatalf("open faults %+v", open)
	}
	take := fmt.Sprintf("/api/v1/faults/%d/take", f.ID)
	status, _, b = call(t, srv, "POST", take, staff, nil)
	var taken contract.DeviceFault
	if json.Unmarshal(b, &taken); status != 200 || taken.TakenBy != servertest.StaffUser || taken.TakenAt == nil {
		t.Fatalf("take: %d %s", status, b)
	}
	if open := openFaults(); len(open) != 0 {
		t.Fatalf("open faults after the take: %+v", open)
	}
	if status, code, _ := call(t, srv, "POST", take, staff, nil); status != 409 || code != contract.CodeConflict {
		t.Errorf("second take: %d %s", status, code)
	}
	if status, code, _ := call(t, srv, "POST", "/api/v1/faults/x/take", staff, nil); status != 400 || code != contract.CodeBadRequest {
		t.Errorf("bad id: %d %s", status, code)
	}
	if status, code, _ := call(t, srv, "POST", "/api/v1/faults/999/take", staff, nil); status != 404 || code != contract.CodeNotFound {
		t.Errorf("unknown id: %d %s", status, code)
	}
}

// TestAccountActionsAreAudited: every account and device change made over
// the API, and every sign-in, refused sign-in, sign-out and password change,
// adds exactly one audit line naming who did it; no line holds a password
// or a token.
func TestAccountActionsAreAudited(t *testing.T) {
	srv := servertest.New(t)
	seen := len(auditLog(t, srv))
	next := func(what string, wantStatus, status int, b []byte, actor, action, detail string) {
		t.Helper()
		if status != wantStatus {
			t.Fatalf("%s: %d %s", what, status, b)
		}
		log := auditLog(t, srv)
		added := log[:len(log)-seen]
		seen = len(log)
		if len(added) != 1 || added[0].Actor != actor || added[0].Action != action || !strings.Contains(added[0].Detail, detail) {
			t.Errorf("%s: audit lines %+v, want one %s by %s with %q", what, added, action, actor, detail)
		}
	}
	login := func(user, password string) (int, []byte) {
		body, _ := json.Marshal(contract.LoginRequest{Username: user, Password: password})
		status, _, b := call(t, srv, "POST", "/api/v1/login", "", body)
		return status, b
	}
	status, b := login(servertest.AdminUser, servertest.AdminPassword)
	next("admin signs in", 200, status, b, servertest.AdminUser, "auth.login", "")
	var sess contract.Session
	json.Unmarshal(b, &sess)
	admin := sess.Token

	status, b = login(servertest.StaffUser, "sai-mat-khau")
	next("wrong password", 401, status, b, servertest.StaffUser, "auth.login_failed", "sai mật khẩu")
	status, b = login("khong-ai", "sai-mat-khau")
	next("unknown user", 401, status, b, "khong-ai", "auth.login_failed", "không có tài khoản")

	status, _, b = call(t, srv, "POST", "/api/v1/users", admin, []byte(`{"username":"canbo9","password":"mat-khau-can-bo-9","role":"staff"}`))
	next("add user", 201, status, b, servertest.AdminUser, "user.create", "canbo9 (staff)")
	status, _, b = call(t, srv, "POST", "/api/v1/devices", admin, []byte(`{"name":"kiosk-sanh","role":"kiosk"}`))
	next("add device", 201, status, b, servertest.AdminUser, "device.create", "kiosk-sanh (kiosk)")
	var dev struct{ Token string }
	json.Unmarshal(b, &dev)
	status, _, b = call(t, srv, "DELETE", "/api/v1/devices/kiosk-sanh", admin, nil)
	next("revoke device", 204, status, b, servertest.AdminUser, "device.revoke", "kiosk-sanh")

	status, b = login("canbo9", "mat-khau-can-bo-9")
	next("new user signs in", 200, status, b, "canbo9", "auth.login", "")
	json.Unmarshal(b, &sess)
	status, _, b = call(t, srv, "POST", "/api/v1/password", sess.Token, []byte(`{"old":"sai-mat-khau","new":"mat-khau-moi-1234"}`))
	next("password change refused", 401, status, b, "canbo9", "auth.password_failed", "sai mật khẩu")
	status, _, b = call(t, srv, "POST", "/api/v1/password", sess.Token, []byte(`{"old":"mat-khau-can-bo-9","new":"mat-khau-moi-1234"}`))
	next("password change", 204, status, b, "canbo9", "auth.password", "")

	status, _, b = call(t, srv, "POST", "/api/v1/logout", admin, nil)
	next("admin signs out", 204, status, b, servertest.AdminUser, "auth.logout", "")

	secrets := []string{servertest.AdminPassword, "mat-khau-can-bo-9", "mat-khau-moi-1234", "sai-mat-khau", admin, sess.Token, sess.CSRFToken, dev.Token}
	for _, a := range auditLog(t, srv) {
		for _, s := range secrets {
			if s != "" && strings.Contains(a.Actor+a.Detail+a.Ticket, s) {
				t.Errorf("audit line %+v holds a secret", a)
			}
		}
	}
}

// auditLog is the whole audit log, newest first.
func auditLog(t *testing.T, srv *servertest.Server) []queue.AuditEntry {
	t.Helper()
	log, err := srv.Engine.Audit(context.Background(), queue.AuditQuery{Limit: queue.MaxAuditLimit})
	if err != nil {
		t.Fatal(err)
	}
	return log
}
