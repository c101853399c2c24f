package contract

// Text is a string in Vietnamese with its English translation. Vietnamese is
// required everywhere; English may be empty, and then screens fall back to the
// Vietnamese text rather than show nothing.
type Text struct {
	VI string `json:"vi"`
	EN string `json:"en,omitempty"`
}

// In returns the text in the given language ("vi" or "en"), falling back to
// Vietnamese when no translation exists.
func (t Text) In(lang string) string {
	if lang == "en" && t.EN != "" {
		return t.EN
	}
	return t.VI
}

// Catalogue is everything a centre publishes about its procedures and how it
// serves them: the fields (lĩnh vực), the procedures, the queues that issue
// ticket numbers and the counters that call them. It travels whole: the kiosk
// downloads it once and again after each catalogue.changed event.
type Catalogue struct {
	Version    int64       `json:"version"`
	Fields     []Field     `json:"fields"`
	Procedures []Procedure `json:"procedures"`
	Queues     []Queue     `json:"queues"`
	Counters   []Counter   `json:"counters"`
}

// Field is a lĩnh vực such as hộ tịch or chứng thực: the first level a citizen
// browses at the kiosk.
type Field struct {
	ID   string `json:"id"`
	Name Text   `json:"name"`
	// Icon names an image in the kiosk's assets; empty means a generic tile.
	Icon string `json:"icon,omitempty"`
}

// Online service levels since NĐ 42/2022: fully online or partly online.
const (
	OnlineFull    = "toan_trinh"
	OnlinePartial = "mot_phan"
)

// Procedure is one administrative procedure (TTHC) with the parts that
// NĐ 63/2010 Điều 8 requires to be published.
type Procedure struct {
	// Code is the national procedure code, e.g. "2.000815". It is the key
	// kiosks use to take a ticket and the keyword of the guidance QR code.
	Code string `json:"code"`
	// Name is the full official name, shown on the detail screen.
	Name Text `json:"name"`
	// ShortName is the plain name a citizen recognises ("Chứng thực bản
	// sao"), for tiles and the printed ticket; empty means use Name.
	ShortName Text `json:"short_name,omitzero"`
	// Keywords are the words people use for the procedure that its name
	// lacks ("công chứng" for chứng thực, "giấy khai sinh"): the kiosk's
	// search finds the procedure by them too.
	Keywords []string `json:"keywords,omitempty"`
	Field    string   `json:"field"`
	// ProcessingTime is the legal time limit as the law words it
	// ("Trong ngày; sau 15 giờ thì trả vào ngày làm việc tiếp theo").
	ProcessingTime Text `json:"processing_time"`
	// Fees lists every rule for an amount a citizen may pay, each with its
	// legal source, period and channel (FeesInForce picks today's). An
	// empty list means no fee or charge: the 2015 Law on Fees and Charges
	// allows nothing outside its list ("Không thu phí, lệ phí"). An amount
	// not yet confirmed is a FeeLocal rule with no amount, never an empty
	// list.
	Fees []Fee `json:"fees"`
	// FeeExemptions are the classes of people who pay none of the
	// procedure's fees, each with its source.
	FeeExemptions []FeeExemption `json:"fee_exemptions,omitempty"`
	Documents     []Text         `json:"documents,omitempty"`
	Steps         []Text         `json:"steps,omitempty"`
	Result        Text           `json:"result"`
	LegalBasis    []string       `json:"legal_basis,omitempty"`
	// Online is OnlineFull, OnlinePartial or empty when not online.
	Online      string `json:"online,omitempty"`
	GuidanceURL string `json:"guidance_url,omitempty"`
	// SameDayWednesday marks procedures received and returned the same day on
	// the centre's Wednesday fast day.
	SameDayWednesday bool `json:"same_day_wednesday,omitempty"`
	// SameDayCutoff is the hour ("15:00", HH:MM in the centre's zone) after
	// which a same-day procedure is returned the next working day instead
	// (NĐ 23/2015 Đ7 for certification); empty means no cut-off. SameDayOK
	// applies it.
	SameDayCutoff string `json:"same_day_cutoff,omitempty"`
	// HomeService marks procedures the centre receives and returns at home
	// for people who cannot travel.
	HomeService bool `json:"home_service,omitempty"`
	// Common puts the procedure in the kiosk's short "most common" list.
	Common bool `json:"common,omitempty"`
}

// Short is the name for tiles and tickets: the short plain name where the
// catalogue has one, otherwise the official name.
func (p Procedure) Short() Text {
	if p.ShortName.VI != "" {
		return p.ShortName
	}
	return p.Name
}

// Queue is a ticket line with its own number sequence: tickets of queue "B"
// are numbered B001, B002, … and reset every service day.
type Queue struct {
	// Prefix is one upper-case letter A–Z that starts every number.
	Prefix     string   `json:"prefix"`
	Name       Text     `json:"name"`
	Procedures []string `json:"procedures"`
}

// Counter is a desk (quầy) where an official calls tickets from the queues
// it serves.
type Counter struct {
	Number int      `json:"number"`
	Name   Text     `json:"name"`
	Queues []string `json:"queues"`
}

// Procedure returns the procedure with the given code.
func (c Catalogue) Procedure(code string) (Procedure, bool) {
	for _, p := range c.Procedures {
		if p.Code == code {
			return p, true
		}
	}
	return Procedure{}, false
}

// Counter returns the counter with the given number.
func (c Catalogue) Counter(n int) (Counter, bool) {
	for _, k := range c.Counters {
		if k.Number == n {
			return k, true
		}
	}
	return Counter{}, false
}

// Queue returns the queue with the given prefix.
func (c Catalogue) Queue(prefix string) (Queue, bool) {
	for _, q := range c.Queues {
		if q.Prefix == prefix {
			return q, true
		}
	}
	return Queue{}, false
}

// QueueOf returns the queue that issues tickets for a procedure.
func (c Catalogue) QueueOf(code string) (Queue, bool) {
	for _, q := range c.Queues {
		for _, p := range q.Procedures {
			if p == code {
				return q, true
			}
		}
	}
	return Queue{}, false
}

// CountersFor returns the numbers of the counters that serve a queue.
func (c Catalogue) CountersFor(prefix string) []int {
	var out []int
	for _, k := range c.Counters {
		for _, q := range k.Queues {
			if q == prefix {
				out = append(out, k.Number)
				break
			}
		}
	}
	return out
}
