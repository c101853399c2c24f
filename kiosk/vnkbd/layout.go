package vnkbd

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"motcua/kiosk/touch"
)

// rowLayout shares a row's width among its keys by weight: a key of weight
// 3 is as wide as three keys of weight 1 and the gaps between them, so a
// wide key still lines up with the keys above it.
type rowLayout struct {
	weights []float32
	kb      *Keyboard // for the keys' text size
}

// keyRow is a row of keys of equal width.
func (k *Keyboard) keyRow(keys ...fyne.CanvasObject) *fyne.Container {
	w := make([]float32, len(keys))
	for i := range w {
		w[i] = 1
	}
	return k.weightedRow(w, keys...)
}

// weightedRow is a row whose keys are as wide as their weights say.
func (k *Keyboard) weightedRow(weights []float32, keys ...fyne.CanvasObject) *fyne.Container {
	return container.New(rowLayout{weights: weights, kb: k}, keys...)
}

func (l rowLayout) total() float32 {
	var t float32
	for _, w := range l.weights {
		t += w
	}
	return t
}

// Layout places the keys left to right, each as tall as the row.
func (l rowLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	total := l.total()
	if total <= 0 {
		return
	}
	unit := (size.Width - pad*(total-1)) / total
	x := float32(0)
	for i, o := range objs {
		w := l.weights[i]*unit + (l.weights[i]-1)*pad
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w, size.Height))
		x += w + pad
	}
}

// MinSize is wide enough that every key gets at least its own minimum width
// for its weight, and as tall as a key's one centred line of label with
// the inner padding around it (never under touch.MinTarget). A tile's own
// minimum height counts the padding of every box it nests, which with
// "A+" large text would ask seven rows for more than a 1080p screen has
// beside the top bar, and push the screen's lower edge off the window.
func (l rowLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	pad := theme.Padding()
	var unit float32
	for i, o := range objs {
		m := o.MinSize()
		unit = max(unit, (m.Width-(l.weights[i]-1)*pad)/l.weights[i])
	}
	total := l.total()
	return fyne.NewSize(unit*total+pad*(total-1), keyHeight(l.kb.textSize))
}

// keyHeight is the least height of a row of keys: one line of a key's
// label and the inner padding above and
// below it.
func keyHeight(size fyne.ThemeSizeName) float32 {
	line := fyne.MeasureText("Ág", theme.Size(size), fyne.TextStyle{Bold: true}).Height
	return max(touch.MinTarget, line+2*theme.InnerPadding())
}
