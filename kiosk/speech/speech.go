// Package speech words what the kiosk's "Đọc cho tôi nghe" button reads
// aloud, and speaks it through espeak-ng, for citizens who cannot read the
// screen (poor sight, no glasses, never learnt to read).
//
// The sentences are pure functions of the catalogue and the ticket, so
// tests check the exact Vietnamese; numbers, sums and ticket numbers are
// put into words by the board's reader (motcua/display/announce), so the
// synthesiser never guesses how to read "50.000 đ" or "A006" (espeak-ng
// reads digits the southern way, "ngàn", and "đ" as a letter).
//
// The voice is Vietnamese whatever the screen's language: an English voice
// would need English number words and is left for later.
//
// "Ông/Bà" on screen is spoken "Ông Bà": espeak-ng pauses at the slash,
// which splits the form of address in two.
//
// The package knows nothing of Fyne, so its tests run without a display.
package speech

import (
	"strings"

	"motcua/display/announce"
	"motcua/server/contract"
)

// Reader reads numbers the way people in Hải Phòng say them: 105 "một
// trăm linh năm", 1000 "một nghìn", A006 "a không không sáu".
var Reader = announce.Reader{Linh: true}

// Detail is what the detail screen reads: the procedure's short name, its
// fees in words, and how many documents to bring.
func Detail(p contract.Procedure) string {
	s := []string{sentence(p.Short().VI), sentence(fees(p.Fees))}
	if n := len(p.Documents); n > 0 {
		s = append(s, "Ông Bà cần chuẩn bị "+Reader.ReadNumber(n)+" loại giấy tờ.")
	}
	return strings.Join(s, " ")
}

// Ticket is what the ticket screen reads: the number as the board will call
// it, the priority class, the procedure, the people ahead and the counters
// that will call it.
func Ticket(tk contract.Ticket, p contract.Procedure, counters []int) string {
	s := []string{"Số thứ tự của Ông Bà là " + Reader.ReadTicket(tk.Number) + "."}
	if tk.Priority != contract.PriorityNone {
		s = append(s, "Phiếu ưu tiên: "+sentence(tk.Priority.Label().VI))
	}
	s = append(s, "Thủ tục: "+sentence(p.Short().VI))
	switch ahead := tk.Position - 1; {
	case ahead > 0:
		s = append(s, "Có "+Reader.ReadNumber(ahead)+" người đang chờ trước Ông Bà.")
	case tk.Position == 1:
		s = append(s, "Ông Bà là người tiếp theo.")
	}
	if len(counters) == 0 {
		return strings.Join(append(s, "Mời Ông Bà chờ gọi số."), " ")
	}
	return strings.Join(append(s, "Mời Ông Bà chờ gọi đến quầy số "+counterList(counters)+"."), " ")
}

// counterList reads 6 as "sáu", and 1, 2, 6 as "một, hai hoặc sáu".
func counterList(counters []int) string {
	words := make([]string, len(counters))
	for i, c := range counters {
		words[i] = Reader.ReadNumber(c)
	}
	if len(words) == 1 {
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " hoặc " + words[len(words)-1]
}

// fees reads every fee with its label (and its channel where the rule is
// for one channel only), as the screen lists them; an empty list is a
// procedure without any fee or charge (Luật Phí và lệ phí 2015). Callers
// pass the rules in force today (contract.FeesInForce).
func fees(fs []contract.Fee) string {
	if len(fs) == 0 {
		return "Không thu phí, lệ phí"
	}
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = strings.TrimSpace(f.Label.VI) + channelWords[f.Channel] + ": " + Amount(f)
	}
	return strings.Join(parts, ". ")
}

// channelWords name a rule's channel after its label.
var channelWords = map[contract.FeeChannel]string{
	contract.ChannelInPerson: ", nộp trực tiếp",
	contract.ChannelOnline:   ", nộp trực tuyến",
}

// Amount reads what one fee costs: "miễn phí", "tám nghìn đồng mỗi bản
// sao", the page tiers with their cap, or the council's resolution when
// the centre has not entered the amount.
func Amount(f contract.Fee) string {
	switch f.Kind {
	case contract.FeeFree:
		return "miễn phí"
	case contract.FeeFlat, contract.FeePerCopy:
		return per(dong(f.Amount), f.Unit.VI)
	case contract.FeeLocal:
		if f.Amount > 0 {
			return dong(f.Amount)
		}
		return "theo Nghị quyết Hội đồng nhân dân thành phố, mức thu chưa được xác nhận, xin hỏi cán bộ tại quầy"
	case contract.FeePerPage:
		return perPage(f)
	}
	return "xin hỏi cán bộ tại quầy"
}

// perPage reads "2.000 đ/trang; từ trang 3: 1.000 đ/trang; tối đa
// 200.000 đ/bản" as the screen shows it.
func perPage(f contract.Fee) string {
	var parts []string
	for i, t := range f.Tiers {
		tier := per(dong(t.Amount), "trang")
		if i > 0 {
			tier = "từ trang " + Reader.ReadNumber(t.FromPage) + ", " + tier
		}
		parts = append(parts, tier)
	}
	if f.Cap > 0 {
		parts = append(parts, "tối đa "+per(dong(f.Cap), "bản"))
	}
	if len(parts) == 0 {
		return "xin hỏi cán bộ tại quầy"
	}
	return strings.Join(parts, "; ")
}

// dong reads a sum of money: 50000 is "năm mươi nghìn đồng".
func dong(amount int64) string { return Reader.ReadAmount(amount) + " đồng" }

// per reads the "/" of "8.000 đ/bản sao" as "mỗi", which no listener can
// take for "one copy" as they might "một".
func per(amount, unit string) string {
	if unit = strings.TrimSpace(unit); unit == "" {
		return amount
	}
	return amount + " mỗi " + unit
}

// sentence ends s with a full stop, where espeak-ng pauses, unless it ends
// with punctuation already.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsAny(s[len(s)-1:], ".!?") {
		return s
	}
	return s + "."
}
