package printer

// Paper is a printer's printable width in dots at 203 dpi. Its value is the
// width itself, so a printer with an unusual head (512 dots on some 80 mm
// models) is just Paper(512).
type Paper int

// The two roll widths ward centres buy. A 58 mm roll prints 48 mm (384 dots)
// and an 80 mm roll 72 mm (576 dots); the rest is the paper's margin.
const (
	Paper58 Paper = 384
	Paper80 Paper = 576
)

// minPaper keeps layouts sane: narrower than this a queue number and a
// scannable QR code no longer fit side margins.
const minPaper = 192

// Dots is the printable width in dots, never less than a usable minimum.
func (p Paper) Dots() int { return max(int(p), minPaper) }

// TicketLayout is everything printed on a queue ticket, already formatted by
// the kiosk in the citizen's language: the printer draws strings and decides
// nothing about wording, dates or translation. Empty fields are left out, so
// a kiosk that has no estimate simply leaves Wait empty.
//
// Text may contain "\n" to force a line break; every other break is chosen by
// measuring the text against the paper width. Decomposed Vietnamese (a letter
// followed by combining marks) is accepted and printed as precomposed.
type TicketLayout struct {
	// Centre is the header, one entry per line, e.g. "UBND PHƯỜNG HÒA BÌNH",
	// "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG".
	Centre []string
	// Heading sits above the number: "SỐ THỨ TỰ".
	Heading string
	// Number is the ticket number, "B007", printed as large as the paper allows.
	Number string
	// Procedure is the procedure's name, wrapped over as many lines as needed.
	Procedure string
	// Queue names the queue and counters: "Hàng B – Quầy 3, 4".
	Queue string
	// Priority, when set, is printed reversed (white on black) so staff see
	// at a glance that the citizen declared a priority class.
	Priority string
	// Issued is the print time line: "In lúc 09:41 – Thứ Tư, 25/11/2026".
	Issued string
	// Position is "Có 5 người đang chờ trước Ông/Bà".
	Position string
	// Wait is the estimate: "Thời gian chờ dự kiến: khoảng 25 phút".
	Wait string
	// QRURL is the ticket's live-position page; its QR code is printed large
	// enough for an old phone camera. Empty means no QR code.
	QRURL string
	// QRCaption goes under the code: "Quét mã để theo dõi lượt của Ông/Bà".
	QRCaption string
	// RateCode is printed in bold under the QR caption: "Mã đánh giá:
	// 048213", the code the citizen types with the number to rate the
	// service at an entrance kiosk. Only the paper carries it.
	RateCode string
	// DocumentsTitle heads the list: "Giấy tờ cần chuẩn bị".
	DocumentsTitle string
	// Documents are bulleted, each wrapped with a hanging indent.
	Documents []string
	// SameDay is printed in a frame when the procedure is received and
	// returned the same day on the Wednesday fast day.
	SameDay string
	// Footer lines are centred in small type below a dashed rule.
	Footer []string
}

// normalized returns the layout with every string precomposed, so drawing
// sees one glyph per letter.
func (t TicketLayout) normalized() TicketLayout {
	n := func(s *string) { *s = composeVietnamese(*s) }
	for _, s := range []*string{&t.Heading, &t.Number, &t.Procedure, &t.Queue, &t.Priority,
		&t.Issued, &t.Position, &t.Wait, &t.QRCaption, &t.RateCode, &t.DocumentsTitle, &t.SameDay} {
		n(s)
	}
	t.Centre = composeAll(t.Centre)
	t.Documents = composeAll(t.Documents)
	t.Footer = composeAll(t.Footer)
	return t
}

func composeAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = composeVietnamese(s)
	}
	return out
}
