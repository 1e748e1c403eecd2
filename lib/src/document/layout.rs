//! Detecting the layout a file is written in (indentation step, sequence style), for new text.

use super::text::{col, first_on_line};
use super::{Layout, Node, NodeKind, YamlDocument};

pub(super) fn detect_layout(src: &str, docs: &[YamlDocument]) -> Layout {
    let eol = match src.find('\n') {
        Some(i) if i > 0 && src.as_bytes()[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    };
    let mut layout = Layout {
        eol,
        ..Layout::default()
    };
    let mut step = None;
    let mut seq = None;
    fn go(src: &str, n: &Node, step: &mut Option<usize>, seq: &mut Option<usize>) {
        if let NodeKind::Mapping {
            entries,
            flow: false,
        } = &n.kind
        {
            for e in entries {
                let kc = col(src, e.key.props_start);
                match &e.value.kind {
                    NodeKind::Mapping {
                        flow: false,
                        entries: inner,
                    } if step.is_none() && first_on_line(src, inner[0].key.props_start) => {
                        let c = col(src, e.value.start);
                        if c > kc {
                            *step = Some(c - kc);
                        }
                    }
                    NodeKind::Sequence { flow: false, .. }
                        if seq.is_none() && first_on_line(src, e.value.start) =>
                    {
                        let c = col(src, e.value.start);
                        if c >= kc {
                            *seq = Some(c - kc);
                        }
                    }
                    _ => {}
                }
                go(src, &e.value, step, seq);
                if step.is_some() && seq.is_some() {
                    return;
                }
            }
        } else if let NodeKind::Sequence { items, .. } = &n.kind {
            for i in items {
                go(src, i, step, seq);
            }
        }
    }
    for d in docs {
        if let Some(r) = &d.root {
            go(src, r, &mut step, &mut seq);
        }
    }
    if let Some(s) = step {
        layout.step = s;
    }
    if let Some(s) = seq {
        layout.seq_indent = s;
    }
    layout
}
