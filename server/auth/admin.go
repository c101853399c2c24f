package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"motcua/server/contract"
	"motcua/server/store"
)

// User is an account as the administration page lists it. The password
// hash never leaves the package.
type User struct {
	Username    string     `json:"username"`
	Role        string     `json:"role"`
	Disabled    bool       `json:"disabled"`
	LockedUntil *time.Time `json:"locked_until,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
}

// Device is a registered kiosk or display. Its token was shown once at
// creation; only whether it still works is kept here.
type Device struct {
	Name string `json:"name"`
	Role string `json:"role"`
	// Counter is the counter a kiosk is the rating tablet of (0: none).
	Counter   int        `json:"counter,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
	RevokedAt *time.Time `json:"revoked_at,omitempty"`
}

// UserChange is an administrator's edit of an account; nil fields are left
// as they are.
type UserChange struct {
	Role     *string `json:"role,omitempty"`
	Disabled *bool   `json:"disabled,omitempty"`
	// Unlock clears a lockout after repeated wrong passwords.
	Unlock bool `json:"unlock,omitempty"`
}

// Users lists every account, by name.
func (s *Service) Users(ctx context.Context) ([]User, error) {
	rows, err := s.db.Reader().QueryContext(ctx, "SELECT username, role, disabled, locked_until, created_at FROM users ORDER BY username")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	now := s.clock.Now()
	out := []User{}
	for rows.Next() {
		var u User
		var locked, created int64
		if err := rows.Scan(&u.Username, &u.Role, &u.Disabled, &locked, &created); err != nil {
			return nil, err
		}
		u.CreatedAt = time.UnixMicro(created)
		if t := time.UnixMicro(locked); locked > now.UnixMicro() {
			u.LockedUntil = &t
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// Devices lists every device, revoked ones too (the audit trail needs them).
func (s *Service) Devices(ctx context.Context) ([]Device, error) {
	rows, err := s.db.Reader().QueryContext(ctx, "SELECT name, role, counter, created_at, revoked_at FROM devices ORDER BY name")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Device{}
	for rows.Next() {
		var d Device
		var created, revoked int64
		if err := rows.Scan(&d.Name, &d.Role, &d.Counter, &created, &revoked); err != nil {
			return nil, err
		}
		d.CreatedAt = time.UnixMicro(created)
		if revoked > 0 {
			t := time.UnixMicro(revoked)
			d.RevokedAt = &t
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// ErrLastAdmin refuses a change that would leave nobody able to administer.
var ErrLastAdmin = apiErr(contract.CodeConflict,
	"Phải còn ít nhất một quản trị viên đang hoạt động / at least one active admin must remain")

// UpdateUser applies an administrator's change to an account and writes it
// to the audit log. Demoting or disabling an account ends its sessions, so
// the change takes effect at once; the last active admin cannot be demoted
// or disabled.
func (s *Service) UpdateUser(ctx context.Context, username string, ch UserChange, by Principal) (User, error) {
	username = strings.ToLower(strings.TrimSpace(username))
	if ch.Role != nil && *ch.Role != contract.RoleAdmin && *ch.Role != contract.RoleStaff {
		return User{}, apiErr(contract.CodeInvalid, "Vai trò phải là admin hoặc staff / role must be admin or staff")
	}
	now := s.clock.Now()
	err := s.db.Update(ctx, func(tx *store.Tx) error {
		var id int64
		var role string
		var disabled bool
		err := tx.QueryRowContext(ctx, "SELECT id, role, disabled FROM users WHERE username = ?", username).Scan(&id, &role, &disabled)
		if errors.Is(err, sql.ErrNoRows) {
			return apiErr(contract.CodeNotFound, fmt.Sprintf("Không có tài khoản %q / no such user", username))
		}
		if err != nil {
			return err
		}
		newRole, newDisabled := role, disabled
		if ch.Role != nil {
			newRole = *ch.Role
		}
		if ch.Disabled != nil {
			newDisabled = *ch.Disabled
		}
		if role == contract.RoleAdmin && !disabled && (newRole != contract.RoleAdmin || newDisabled) {
			if err := s.keepAnAdmin(ctx, tx, id); err != nil {
				return err
			}
		}
		return s.applyUserChange(tx, id, username, role, newRole, disabled, newDisabled, ch.Unlock, now, by)
	})
	if err != nil {
		return User{}, err
	}
	users, err := s.Users(ctx)
	for _, u := range users {
		if u.Username == username {
			return u, err
		}
	}
	return User{}, err
}

func (s *Service) keepAnAdmin(ctx context.Context, tx *store.Tx, except int64) error {
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled = 0 AND id != ?", except).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return ErrLastAdmin
	}
	return nil
}

func (s *Service) applyUserChange(tx *store.Tx, id int64, username, role, newRole string, disabled, newDisabled, unlock bool, now time.Time, by Principal) error {
	var changes []string
	if newRole != role {
		changes = append(changes, fmt.Sprintf("vai trò %s → %s", role, newRole))
	}
	if newDisabled != disabled {
		changes = append(changes, map[bool]string{true: "khoá tài khoản", false: "mở lại tài khoản"}[newDisabled])
	}
	if unlock {
		changes = append(changes, "gỡ khoá đăng nhập")
	}
	if len(changes) == 0 {
		return nil
	}
	if _, err := tx.Exec("UPDATE users SET role = ?, disabled = ? WHERE id = ?", newRole, newDisabled, id); err != nil {
		return err
	}
	if unlock {
		if _, err := tx.Exec("UPDATE users SET failed = 0, locked_until = 0 WHERE id = ?", id); err != nil {
			return err
		}
	}
	if newRole != role || newDisabled {
		if _, err := tx.Exec("DELETE FROM sessions WHERE user_id = ?", id); err != nil {
			return err
		}
		s.notifyRevoked(tx, Revoked{Users: []string{username}})
	}
	return writeAudit(tx, now, by, "user.update", username+": "+strings.Join(changes, ", "))
}

// ErrOwnPassword refuses an administrator's reset of their own password:
// that goes through ChangePassword, which asks for the old one, so a session
// left open on a counter PC cannot take the account over.
var ErrOwnPassword = apiErr(contract.CodeForbidden,
	"Hãy dùng \"Đổi mật khẩu\" để đổi mật khẩu của chính mình / use Change password for your own password")

// ResetPassword gives another account a new password, for an official who
// has forgotten theirs: it clears the lockout, ends every session of the
// account and writes who did it to the audit log (never the password). A
// disabled account stays disabled.
func (s *Service) ResetPassword(ctx context.Context, username, password string, by Principal) error {
	username = strings.ToLower(strings.TrimSpace(username))
	if by.Name == username && by.Role != System.Role {
		return ErrOwnPassword
	}
	hash, err := s.newHash(ctx, password)
	if err != nil {
		return err
	}
	now := s.clock.Now()
	return s.db.Update(ctx, func(tx *store.Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, "SELECT id FROM users WHERE username = ?", username).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return apiErr(contract.CodeNotFound, fmt.Sprintf("Không có tài khoản %q / no such user", username))
		}
		if err != nil {
			return err
		}
		return s.setPassword(tx, id, username, hash, now, by, "user.password_reset", username)
	})
}

// writeAudit adds an account change to the same audit log as the queue
// engine's actions, so one search shows everything an admin did.
func writeAudit(tx *store.Tx, at time.Time, by Principal, action, detail string) error {
	_, err := tx.Exec("INSERT INTO audit (at, actor, role, action, detail) VALUES (?, ?, ?, ?, ?)",
		at.UnixMicro(), by.Name, by.Role, action, detail)
	return err
}
