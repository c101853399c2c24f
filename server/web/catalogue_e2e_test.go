package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"motcua/server/contract"
	"motcua/server/servertest"
)

// copyCert is the certified-copy procedure: its one fee is per page with
// two tiers (1 → 2.000 đ, 3 → 1.000 đ) and a cap.
const copyCert = "2.000815"

// Selectors of the copy fee's editor.
const (
	tier2From   = "#proc-form .fee-row tr.tier:nth-child(2) .t-from"
	tier2Amount = "#proc-form .fee-row tr.tier:nth-child(2) .t-amount"
	feeCap      = "#proc-form .fee-row .f-cap"
)

// openCopyCert signs the admin in and opens 2.000815 in the editor.
func openCopyCert(srv *servertest.Server) step {
	row := fmt.Sprintf(`#proc-rows tr[data-code="%s"]`, copyCert)
	return chromedp.Steps(
		signIn(srv, servertest.AdminUser, servertest.AdminPassword, "/admin/catalogue", "body[data-ready]"),
		chromedp.SendKeys(chromedp.CSS("#proc-filter"), copyCert),
		scrollTo(row), chromedp.Click(chromedp.CSS(row)), waitText("#proc-title", copyCert),
		chromedp.WaitVisible(chromedp.CSS(tier2Amount)),
	)
}

// typeInto replaces an input's value by typing, as an admin does.
func typeInto(sel, text string) step {
	return chromedp.Steps(scrollTo(sel), setValue(sel, ""), chromedp.SendKeys(chromedp.CSS(sel), text))
}

// sameJSON compares catalogues as the wire carries them (an empty list and
// a missing one are the same there).
func sameJSON(t *testing.T, what string, got, want contract.Catalogue) {
	t.Helper()
	g, _ := json.MarshalIndent(got, "", " ")
	w, _ := json.MarshalIndent(want, "", " ")
	if string(g) != string(w) {
		t.Errorf("%s: the catalogue differs from the expected one\ngot:  %s\nwant: %s", what, firstDiff(g, w), firstDiff(w, g))
	}
}

// firstDiff shows a's text around the first byte where it differs from b.
func firstDiff(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo, hi := max(0, i-200), min(len(a), i+200)
	return string(a[lo:hi])
}

// shot keeps a screenshot in $MOTCUA_SCREENSHOTS when `make screenshots`
// asks for them; in an ordinary test run it does nothing.
func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("MOTCUA_SCREENSHOTS")
	if dir == "" {
		return
	}
	png := value(t, ctx, "screenshot "+name, chromedp.CaptureScreenshot())
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestBrowserCatalogueEditsEnglishAndTiers(t *testing.T) {
	srv := servertest.New(t)
	ctx := newChrome(t, 1366, 768)
	before, err := srv.Admin().Catalogue(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	i := indexOf(before, copyCert)
	steps := before.Procedures[i].Steps
	if len(before.Procedures[i].Fees) != 1 || len(before.Procedures[i].Fees[0].Tiers) != 2 || len(steps) == 0 {
		t.Fatalf("%s is not the per-page fee with two tiers this test expects: %+v", copyCert, before.Procedures[i].Fees)
	}
	const nameEN = "Certified copies from originals (edited)"
	const lastStepEN = "Collect the certified copies and pay the fee"
	const shortEN, keyword = "Copies certified", "bản sao có chứng thực"
	run(t, ctx, "open "+copyCert, openCopyCert(srv))
	run(t, ctx, "edit English name, last step's English, 2nd tier and cap",
		typeInto("#p-name-en", nameEN),
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			// Line n of the English list is step n: change the last line only.
			_, err := chromedp.Evaluate[any](fmt.Sprintf(`(() => { const a = document.querySelector('#p-steps-en');
				const l = a.value.split('\n'); while (l.length < %d) l.push(''); l[%d] = %q; a.value = l.join('\n'); })()`,
				len(steps), len(steps)-1, lastStepEN))(ctx, tg)
			return err
		}),
		typeInto(tier2Amount, "1500"), typeInto(feeCap, "150000"),
		typeInto("#p-short-en", shortEN),
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := chromedp.Evaluate[any](fmt.Sprintf(`document.querySelector('#p-keywords').value += '\n' + %q`, keyword))(ctx, tg)
			return err
		}))
	shot(t, ctx, "admin-catalogue-tiers-1366x768.png")
	run(t, ctx, "save", click("#proc-save"), waitText("#proc-msg", "Đã lưu danh mục"))
	shot(t, ctx, "admin-catalogue-saved-1366x768.png")

	after, err := srv.Admin().Catalogue(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if after.Version <= before.Version {
		t.Fatalf("version %d after the save, was %d", after.Version, before.Version)
	}
	want := before
	want.Procedures = append([]contract.Procedure(nil), before.Procedures...)
	p := want.Procedures[i]
	p.Name.EN = nameEN
	p.ShortName.EN = shortEN
	p.Keywords = append(append([]string(nil), p.Keywords...), keyword)
	p.Steps = append([]contract.Text(nil), p.Steps...)
	p.Steps[len(p.Steps)-1].EN = lastStepEN
	fee := p.Fees[0]
	fee.Tiers = []contract.FeeTier{fee.Tiers[0], {FromPage: fee.Tiers[1].FromPage, Amount: 1500}}
	fee.Cap = 150000
	p.Fees = []contract.Fee{fee}
	want.Procedures[i] = p
	want.Version = after.Version
	sameJSON(t, "after the save", after, want)
	if got := after.Procedures[i].Name.VI; got != before.Procedures[i].Name.VI {
		t.Errorf("Vietnamese name changed to %q", got)
	}
}

func TestBrowserCatalogueRejectsBadTier(t *testing.T) {
	srv := servertest.New(t)
	ctx := newChrome(t, 1366, 768)
	before, err := srv.Admin().Catalogue(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	run(t, ctx, "open "+copyCert, openCopyCert(srv))
	// Both tiers from page 1: the server refuses, and says which tier.
	run(t, ctx, "save a second tier from page 1", typeInto(tier2From, "1"), click("#proc-save"),
		waitText("#proc-msg", "lỗi"), waitText("#proc-details", "các bậc phải có số trang tăng dần"),
		waitText("#proc-details", "tiers[1].from_page"))
	shot(t, ctx, "admin-catalogue-error-1366x768.png")
	invalid := value(t, ctx, "marked input", chromedp.Evaluate[string](fmt.Sprintf(`document.querySelector(%q).getAttribute('aria-invalid') || ''`, tier2From)))
	if invalid != "true" {
		t.Errorf("the 2nd tier's page is not marked invalid (aria-invalid=%q)", invalid)
	}
	after, err := srv.Admin().Catalogue(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, "after the refused save", after, before)

	// Adding a tier starts after the last one, and removing it again saves
	// the catalogue as it was, apart from the version.
	run(t, ctx, "fix, add and remove a tier", typeInto(tier2From, "3"),
		click("#proc-form .fee-row .t-add"), chromedp.WaitVisible(chromedp.CSS("#proc-form .fee-row tr.tier:nth-child(3)")))
	from := value(t, ctx, "new tier", chromedp.Evaluate[string](`document.querySelector('#proc-form .fee-row tr.tier:nth-child(3) .t-from').value`))
	if from != "4" {
		t.Errorf("a new tier after page 3 starts at page %q, want 4", from)
	}
	run(t, ctx, "remove it and save", click("#proc-form .fee-row tr.tier:nth-child(3) .t-remove"),
		chromedp.WaitNotPresent(chromedp.CSS("#proc-form .fee-row tr.tier:nth-child(3)")),
		click("#proc-save"), waitText("#proc-msg", "Đã lưu danh mục"))
	saved, err := srv.Admin().Catalogue(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	before.Version = saved.Version
	sameJSON(t, "after saving unchanged", saved, before)
}
