package kiosk

import (
	"context"
	"testing"

	"motcua/server/client"
	"motcua/server/contract"
	"motcua/server/servertest"
)

// typeNumberAndCode goes from the home screen through the number keypad
// and the code pad, and taps "Đồng ý" on the code.
func typeNumberAndCode(t *testing.T, k *Kiosk, number, code string) {
	t.Helper()
	tapText(t, k, "Đánh giá sự phục vụ")
	waitScreen(t, k, ScreenKeypad)
	typeKeys(t, k, number)
	tapText(t, k, "Đồng ý")
	typeCode(t, k, code)
}

// typeCode types a code on the code pad and taps "Đồng ý".
func typeCode(t *testing.T, k *Kiosk, code string) {
	t.Helper()
	waitScreen(t, k, ScreenCode)
	typeKeys(t, k, code)
	tapText(t, k, "Đồng ý")
}

func typeKeys(t *testing.T, k *Kiosk, keys string) {
	t.Helper()
	for _, r := range keys {
		tapText(t, k, string(r))
	}
}

func otherCode(code string) string {
	if code == "000000" {
		return "111111"
	}
	return "000000"
}

// TestRatingCheckedBeforeFaces: at the entrance a wrong code is told right
// after the code pad, before any face, with "Nhập lại mã" back to the code
// pad; the right code brings the faces with the ticket, its counter and
// its procedure above them; and a second visit hears at once that the
// ticket was rated.
func TestRatingCheckedBeforeFaces(t *testing.T) {
	srv := servertest.New(t)
	k := startKiosk(t, srv, Options{})
	tk := serve(t, srv, "C", 3)
	p, _ := srv.Engine.Catalogue().Procedure(tk.Procedure)

	typeNumberAndCode(t, k, tk.Number, otherCode(tk.Code))
	waitScreen(t, k, ScreenError)
	waitShows(t, k, "Mã đánh giá không đúng")
	k.Do(func() {
		if shows(k, "Rất hài lòng") {
			t.Error("faces shown for a wrong code")
		}
	})
	tapText(t, k, "Nhập lại mã")
	typeCode(t, k, tk.Code)
	waitScreen(t, k, ScreenRate)
	waitShows(t, k, "Phiếu số "+tk.Number+" – Quầy 3")
	waitShows(t, k, p.Short().VI)
	tapText(t, k, "Rất hài lòng")
	waitScreen(t, k, ScreenThanks)
	waitShows(t, k, "Cảm ơn Ông/Bà đã đánh giá!")
	ev := waitEvent(t, srv.Display(), contract.EventRatingCreated)
	var r contract.Rating
	if err := ev.Decode(&r); err != nil || r.Number != tk.Number || r.Score != contract.RatingVerySatisfied {
		t.Fatalf("rating %+v %v", r, err)
	}

	k.Do(k.goHome)
	typeNumberAndCode(t, k, tk.Number, tk.Code)
	waitScreen(t, k, ScreenError)
	waitShows(t, k, "Phiếu số "+tk.Number+" đã được đánh giá")
	tapText(t, k, "Về trang chủ")
	waitScreen(t, k, ScreenHome)
}

// TestRatingCheckRefusals: each refusal says what is wrong and offers the
// way on that helps: another number for an unknown one, home for a ticket
// not served yet, and the counter or the phone once the code is locked.
func TestRatingCheckRefusals(t *testing.T) {
	srv := servertest.New(t)
	ctx := context.Background()
	k := startKiosk(t, srv, Options{})
	served := serve(t, srv, "C", 3)

	// A number not issued today: type it again.
	typeNumberAndCode(t, k, "C987", "123456")
	waitScreen(t, k, ScreenError)
	waitShows(t, k, "Hôm nay không có phiếu số C987")
	tapText(t, k, "Nhập lại số phiếu")
	waitScreen(t, k, ScreenKeypad)
	k.Do(k.goHome)

	// A ticket still waiting: come back after service.
	waiting, err := srv.Kiosk().Issue(ctx, procedureIn(t, srv.Kiosk(), "C").Code, contract.PriorityNone)
	if err != nil {
		t.Fatal(err)
	}
	typeNumberAndCode(t, k, waiting.Number, waiting.Code)
	waitScreen(t, k, ScreenError)
	waitShows(t, k, "Phiếu số "+waiting.Number+" chưa được phục vụ xong")
	k.Do(func() {
		if shows(k, "Nhập lại mã") {
			t.Error("retyping the code is offered for a ticket not served yet")
		}
	})
	k.Do(k.goHome)

	// Wrong codes typed elsewhere count: after five, the right code is
	// refused and the citizen is sent to the counter or the phone.
	for i := 0; i < 5; i++ {
		_, err := srv.Kiosk().CheckRating(ctx, contract.RatingCheckRequest{Ticket: served.Number, Code: otherCode(served.Code)})
		if client.Code(err) != contract.CodeRatingNotAllowed {
			t.Fatalf("wrong code %d: %v", i+1, err)
		}
	}
	typeNumberAndCode(t, k, served.Number, served.Code)
	waitScreen(t, k, ScreenError)
	waitShows(t, k, "nhập sai mã quá nhiều lần")
	waitShows(t, k, "quét mã QR")
	k.Do(func() {
		if shows(k, "Nhập lại mã") {
			t.Error("retyping the code is offered after the lock")
		}
	})
}

// TestRatingCheckOffline: with the server out of reach the check fails
// like any other call (the banner, "Thử lại"), and "Thử lại" once the link
// is back brings the faces without retyping. The code pad keeps what was
// typed when it is redrawn (the link dropping redraws the screen).
func TestRatingCheckOffline(t *testing.T) {
	srv := servertest.New(t)
	k := startKiosk(t, srv, Options{})
	tk := serve(t, srv, "C", 3)
	tapText(t, k, "Đánh giá sự phục vụ")
	waitScreen(t, k, ScreenKeypad)
	typeKeys(t, k, tk.Number)
	tapText(t, k, "Đồng ý")
	waitScreen(t, k, ScreenCode)
	typeKeys(t, k, tk.Code)
	k.Do(k.redraw) // as when the link drops: what was typed stays
	waitShows(t, k, tk.Code)
	srv.Stop()
	tapText(t, k, "Đồng ý")
	waitScreen(t, k, ScreenError)
	waitShows(t, k, "Chưa kiểm tra được phiếu")
	srv.Restart()
	waitFor(t, k, "back online", func() bool { return k.online })
	tapText(t, k, "Thử lại")
	waitScreen(t, k, ScreenRate)
	waitShows(t, k, "Phiếu số "+tk.Number+" – Quầy 3")
}
