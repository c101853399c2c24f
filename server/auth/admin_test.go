package auth

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"motcua/server/clock"
	"motcua/server/coded"
	"motcua/server/contract"
	"motcua/server/store"
)

func newService(t *testing.T) (*Service, *store.DB, *clock.Fake) {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "a.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	c := clock.NewFake(time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC))
	s, err := New(db, c, TestParams)
	if err != nil {
		t.Fatal(err)
	}
	return s, db, c
}

var boss = Principal{Name: "quantri", Role: contract.RoleAdmin}

func TestUpdateUserRoleDisableUnlock(t *testing.T) {
	s, db, _ := newService(t)
	ctx := context.Background()
	for _, u := range []struct{ name, role string }{{"quantri", contract.RoleAdmin}, {"canbo1", contract.RoleStaff}} {
		if err := s.AddUser(ctx, u.name, "mat-khau-dai-du", u.role); err != nil {
			t.Fatal(err)
		}
	}
	sess, err := s.Login(ctx, "canbo1", "mat-khau-dai-du")
	if err != nil {
		t.Fatal(err)
	}
	admin := contract.RoleAdmin
	u, err := s.UpdateUser(ctx, "CanBo1", UserChange{Role: &admin}, boss)
	if err != nil || u.Role != contract.RoleAdmin {
		t.Fatalf("promote: %+v, %v", u, err)
	}
	if _, err := s.Authenticate(ctx, sess.Token); !errors.Is(err, ErrNoAuth) {
		t.Errorf("session survived a role change: %v", err)
	}
	yes := true
	if u, err = s.UpdateUser(ctx, "canbo1", UserChange{Disabled: &yes}, boss); err != nil || !u.Disabled {
		t.Fatalf("disable: %+v, %v", u, err)
	}
	if _, err := s.Login(ctx, "canbo1", "mat-khau-dai-du"); !errors.Is(err, ErrBadCredentials) {
		t.Errorf("disabled user signed in: %v", err)
	}
	if _, err := s.UpdateUser(ctx, "quantri", UserChange{Disabled: &yes}, boss); !errors.Is(err, ErrLastAdmin) {
		t.Errorf("disabling the last admin: %v, want ErrLastAdmin", err)
	}
	bad := "root"
	if _, err := s.UpdateUser(ctx, "quantri", UserChange{Role: &bad}, boss); coded.Code(err) != contract.CodeInvalid {
		t.Errorf("bad role: %v", err)
	}
	if _, err := s.UpdateUser(ctx, "nobody", UserChange{Unlock: true}, boss); coded.Code(err) != contract.CodeNotFound {
		t.Errorf("unknown user: %v", err)
	}

	for i := 0; i < MaxFailures; i++ {
		s.Login(ctx, "quantri", "wrong-password")
	}
	users, err := s.Users(ctx)
	if err != nil || len(users) != 2 || users[1].Username != "quantri" || users[1].LockedUntil == nil {
		t.Fatalf("users after lockout: %+v, %v", users, err)
	}
	if _, err := s.UpdateUser(ctx, "quantri", UserChange{Unlock: true}, boss); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Login(ctx, "quantri", "mat-khau-dai-du"); err != nil {
		t.Errorf("login after unlock: %v", err)
	}
	var n int
	db.Reader().QueryRow("SELECT COUNT(*) FROM audit WHERE action = 'user.update' AND actor = 'quantri'").Scan(&n)
	if n != 3 {
		t.Errorf("%d audit lines for 3 user changes", n)
	}
}

func TestDevicesList(t *testing.T) {
	s, _, _ := newService(t)
	ctx := context.Background()
	if _, err := s.AddDevice(ctx, "kiosk-1", contract.RoleKiosk); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddDevice(ctx, "board-1", contract.RoleDisplay); err != nil {
		t.Fatal(err)
	}
	if err := s.RevokeDevice(ctx, "kiosk-1"); err != nil {
		t.Fatal(err)
	}
	ds, err := s.Devices(ctx)
	if err != nil || len(ds) != 2 {
		t.Fatalf("devices: %+v, %v", ds, err)
	}
	if ds[0].Name != "board-1" || ds[0].RevokedAt != nil || ds[1].RevokedAt == nil || ds[1].Role != contract.RoleKiosk {
		t.Errorf("devices = %+v", ds)
	}
}
