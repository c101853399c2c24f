package queue

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"motcua/server/coded"
	"motcua/server/contract"
	"motcua/server/store"
)

// A counter belongs, for the service day, to the official whose console
// opened it (or who first acted at it). The claim is checked inside every
// counter change, in the same transaction as the change, so two officials
// racing for one counter cannot both act: the store's single writer
// serialises them and the second is refused.
//
// A claim from an earlier day no longer holds, so the morning's official
// finds the counter free whoever left it open last night; the holder signing
// in again (a new session, the same user) keeps it.

func notYours(n int, holder string) error {
	return coded.New(contract.CodeCounterNotYours, fmt.Sprintf(
		"Quầy %d đang do %s phụ trách; nhờ quản trị viên giải phóng quầy nếu cần / counter %d is held by %s; an admin can release it",
		n, holder, n, holder))
}

// claimOf reads the claim on counter n that holds today.
func (e *Engine) claimOf(ctx context.Context, q store.Querier, n int, day string) (contract.CounterClaim, bool, error) {
	c := contract.CounterClaim{Counter: n}
	var at int64
	var claimDay string
	err := q.QueryRowContext(ctx, "SELECT username, claimed_at, day FROM counter_claims WHERE counter = ?", n).Scan(&c.Username, &at, &claimDay)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && claimDay != day) {
		return contract.CounterClaim{Counter: n}, false, nil
	}
	if err != nil {
		return c, false, err
	}
	c.ClaimedAt = microTime(at, e.Location())
	return c, true, nil
}

// holdCounter makes sure who holds counter n inside a change: a free
// counter is claimed (and the claim audited), another official's counter
// refuses.
func (e *Engine) holdCounter(ctx context.Context, tx *store.Tx, n int, who Actor, now time.Time) (contract.CounterClaim, error) {
	c, held, err := e.claimOf(ctx, tx, n, e.Day(now))
	if err != nil {
		return c, err
	}
	if held && c.Username == who.Name {
		return c, nil
	}
	if held {
		return c, notYours(n, c.Username)
	}
	c = contract.CounterClaim{Counter: n, Username: who.Name, ClaimedAt: now}
	if _, err := tx.Exec(`INSERT INTO counter_claims (counter, username, claimed_at, day) VALUES (?, ?, ?, ?)
		ON CONFLICT (counter) DO UPDATE SET username = excluded.username, claimed_at = excluded.claimed_at, day = excluded.day`,
		n, who.Name, now.UnixMicro(), e.Day(now)); err != nil {
		return c, err
	}
	return c, audit(tx, now, who, "counter.claim", n, "", "")
}

// ClaimCounter gives counter n to who for the day: the staff console calls
// it when it opens a counter. Claiming one's own counter again is harmless;
// another official's counter is refused with CodeCounterNotYours.
func (e *Engine) ClaimCounter(ctx context.Context, n int, who Actor) (contract.CounterClaim, error) {
	if _, ok := e.catalogue().Counter(n); !ok {
		return contract.CounterClaim{}, errNoCounter
	}
	var out contract.CounterClaim
	err := e.db.Update(ctx, func(tx *store.Tx) error {
		var err error
		out, err = e.holdCounter(ctx, tx, n, who, e.Now())
		return err
	})
	return out, err
}

// ReleaseCounter frees counter n. Its holder may release it (leaving the
// desk, or moving to another counter); an administrator may release anyone's
// (an official went home with the console open). Both are audited.
func (e *Engine) ReleaseCounter(ctx context.Context, n int, who Actor) error {
	return e.db.Update(ctx, func(tx *store.Tx) error {
		now := e.Now()
		c, held, err := e.claimOf(ctx, tx, n, e.Day(now))
		if err != nil {
			return err
		}
		if !held {
			return notFound(contract.CodeNotFound, fmt.Sprintf("Quầy %d chưa có ai nhận / counter %d is not held", n, n))
		}
		if c.Username != who.Name && who.Role != contract.RoleAdmin {
			return notYours(n, c.Username)
		}
		if _, err := tx.Exec("DELETE FROM counter_claims WHERE counter = ?", n); err != nil {
			return err
		}
		return audit(tx, now, who, "counter.release", n, "", c.Username)
	})
}

// ReleaseCountersOf frees every counter who holds: signing out leaves the
// desk, so the next shift's official can open it.
func (e *Engine) ReleaseCountersOf(ctx context.Context, who Actor) error {
	return e.db.Update(ctx, func(tx *store.Tx) error {
		now := e.Now()
		rows, err := tx.QueryContext(ctx, "DELETE FROM counter_claims WHERE username = ? AND day = ? RETURNING counter", who.Name, e.Day(now))
		if err != nil {
			return err
		}
		var freed []int
		for rows.Next() {
			var n int
			if err := rows.Scan(&n); err != nil {
				rows.Close()
				return err
			}
			freed = append(freed, n)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, n := range freed {
			if err := audit(tx, now, who, "counter.release", n, "", "đăng xuất / signed out"); err != nil {
				return err
			}
		}
		return nil
	})
}
