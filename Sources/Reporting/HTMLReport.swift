import Foundation
import Refrain

/// Renders an `AnalysisReport` as one self-contained HTML page: inline CSS and
/// SVG, a few lines of plain JavaScript for sorting and filtering, no network
/// access, no framework. The same report gives the same bytes.
public enum HTMLReport {
    /// Ten distinguishable colours for clusters (Tableau 10).
    static let palette = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"]

    static func color(_ cluster: Int?) -> String {
        guard let cluster else { return "#888888" }
        return palette[cluster % palette.count]
    }

    /// HTML-escapes text for element content and attribute values.
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }

    static func number(_ x: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", x) }

    /// The whole page.
    public static func render(_ report: AnalysisReport) -> String {
        var html = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="Refrain \(escape(report.version))">
        <title>Refrain report: \(report.overview.articles) articles, \(report.overview.talkingPoints) talking points</title>
        <style>\(css)</style>
        </head>
        <body>
        <header><h1>Refrain report</h1><p class="sub">Which stories these articles tell, and which lines officials repeat.</p>
        <nav><a href="#overview">Overview</a><a href="#map">Map</a><a href="#clusters">Stories</a><a href="#heatmap">Similarity</a><a href="#talking-points">Talking points</a><a href="#speakers">Speakers</a></nav></header>
        <main>

        """
        html += overview(report)
        html += map(report)
        html += clusters(report)
        html += heatmap(report)
        html += talkingPoints(report)
        html += speakerMatrix(report)
        html += "</main>\n<footer>Made by Refrain \(escape(report.version)). Self-contained: no network requests.</footer>\n"
        html += "<script>\(script)</script>\n</body>\n</html>\n"
        return html
    }

    static func overview(_ report: AnalysisReport) -> String {
        let o = report.overview
        let range = [o.firstDate, o.lastDate].compactMap { $0.map { String($0.prefix(10)) } }
        let dates = range.isEmpty ? "no dates" : (range.first == range.last ? range[0] : "\(range[0]) – \(range[range.count - 1])")
        func card(_ value: String, _ label: String) -> String {
            "<div class=\"card\"><div class=\"value\">\(escape(value))</div><div class=\"label\">\(escape(label))</div></div>"
        }
        return """
        <section id="overview"><h2>Overview</h2><div class="cards">
        \(card(String(o.articles), "articles"))\(card(String(o.outlets.count), "outlets"))\(card(dates, "date range"))\(card(String(o.speakers.count), "speakers found"))\(card(String(o.clusters), "stories (clusters)"))\(card(String(o.talkingPoints), "talking points"))
        </div>
        <p class="small">Outlets: \(o.outlets.isEmpty ? "not given in the input" : escape(o.outlets.joined(separator: ", "))). Speakers: \(escape(o.speakers.joined(separator: ", "))).</p>
        </section>

        """
    }

    static func map(_ report: AnalysisReport) -> String {
        let width = 720.0, height = 420.0, pad = 30.0
        var svg = "<svg class=\"map\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"Map of the articles\">"
        svg += "<rect x=\"0\" y=\"0\" width=\"\(Int(width))\" height=\"\(Int(height))\" fill=\"#fafafa\" stroke=\"#ddd\"/>"
        for a in report.articles {
            let x = pad + (a.x + 1) / 2 * (width - 2 * pad)
            let y = pad + (1 - (a.y + 1) / 2) * (height - 2 * pad)
            let label = [a.title ?? a.id, a.date.map { String($0.prefix(10)) }, a.source, a.cluster.map { "story \($0 + 1)" }]
                .compactMap { $0 }.joined(separator: " · ")
            svg += "<circle cx=\"\(number(x, 1))\" cy=\"\(number(y, 1))\" r=\"7\" fill=\"\(color(a.cluster))\" fill-opacity=\"0.85\" stroke=\"#333\" stroke-width=\"0.5\"><title>\(escape(label))</title></circle>"
        }
        svg += "</svg>"
        var legend = "<div class=\"legend\">"
        for c in report.clusters.clusters {
            legend += "<span><i style=\"background:\(color(c.id))\"></i>\(c.id + 1). \(escape(c.label))</span>"
        }
        legend += "</div>"
        return """
        <section id="map"><h2>Map of the articles</h2>
        <p class="small">Each dot is an article, placed by the first two dimensions of the LSA (truncated SVD) of its TF-IDF vector and coloured by story. Hover for the title.</p>
        \(svg)\(legend)</section>

        """
    }

    static func clusters(_ report: AnalysisReport) -> String {
        var html = "<section id=\"clusters\"><h2>Stories</h2><p class=\"small\">\(escape(report.clusters.method))"
        if let s = report.clusters.silhouette { html += "; silhouette \(number(s))" }
        html += ".</p>"
        for c in report.clusters.clusters {
            html += "<article class=\"cluster\" style=\"border-left-color:\(color(c.id))\"><h3>\(c.id + 1). \(escape(c.label))</h3>"
            html += "<p><b>Key terms:</b> \(escape(c.keywords.joined(separator: ", ")))"
            if let phrase = c.phrase { html += " · <b>Phrase:</b> “\(escape(phrase))”" }
            html += " · <b>Size:</b> \(c.size) · <b>Cohesion:</b> \(number(c.cohesion))</p>"
            html += "<table class=\"sortable\"><thead><tr><th>Title</th><th>Date</th><th>Outlet</th><th>Similarity</th></tr></thead><tbody>"
            for m in c.members {
                let medoid = m.document == c.medoid ? " <span class=\"badge\">medoid</span>" : ""
                html += "<tr><td>\(escape(m.title ?? m.document))\(medoid)</td><td>\(escape(m.date.map { String($0.prefix(10)) } ?? "–"))</td><td>\(escape(m.source ?? "–"))</td><td data-sort=\"\(m.similarity)\">\(number(m.similarity))</td></tr>"
            }
            html += "</tbody></table></article>"
        }
        return html + "</section>\n"
    }

    static func heatmap(_ report: AnalysisReport) -> String {
        let matrix = report.similarity
        let n = matrix.order.count
        guard n > 0 else { return "<section id=\"heatmap\"><h2>Similarity</h2><p>No articles.</p></section>\n" }
        let cell = max(4.0, min(28.0, 560.0 / Double(n)))
        let size = cell * Double(n)
        let clusterOf = Dictionary(report.articles.map { ($0.id, $0.cluster) }, uniquingKeysWith: { a, _ in a })
        let titleOf = Dictionary(report.articles.map { ($0.id, $0.title ?? $0.id) }, uniquingKeysWith: { a, _ in a })
        var svg = "<svg class=\"heatmap\" viewBox=\"0 0 \(number(size + 12, 0)) \(number(size + 12, 0))\" role=\"img\" aria-label=\"Article similarity heatmap\">"
        for (i, row) in matrix.values.enumerated() {
            // Cluster stripe.
            svg += "<rect x=\"0\" y=\"\(number(Double(i) * cell, 1))\" width=\"8\" height=\"\(number(cell, 1))\" fill=\"\(color(clusterOf[matrix.order[i]] ?? nil))\"/>"
            for (j, value) in row.enumerated() {
                let v = max(0, min(1, value))
                let shade = Int((1 - v) * 235) + 20
                let fill = String(format: "#%02x%02x%02x", shade, shade, min(255, shade + 40))
                svg += "<rect x=\"\(number(12 + Double(j) * cell, 1))\" y=\"\(number(Double(i) * cell, 1))\" width=\"\(number(cell, 1))\" height=\"\(number(cell, 1))\" fill=\"\(fill)\"><title>\(escape(titleOf[matrix.order[i]] ?? "")) × \(escape(titleOf[matrix.order[j]] ?? "")): \(number(value))</title></rect>"
            }
        }
        svg += "</svg>"
        let omitted = matrix.omitted > 0 ? " \(matrix.omitted) articles are left out to keep the page light." : ""
        return """
        <section id="heatmap"><h2>Similarity between articles</h2>
        <p class="small">Cosine similarity of the TF-IDF vectors, articles ordered by story (the stripe on the left). Darker is more similar; hover for values.\(omitted)</p>
        \(svg)</section>

        """
    }

    /// The words of `variant` that do not occur in `canonical` (case-insensitive), marked.
    static func markDifferences(_ variant: String, from canonical: String) -> String {
        let apostrophes: Set<Character> = ["'", "’", "ʼ"]
        let known = Set(canonical.lowercased().filter { !apostrophes.contains($0) }
            .split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init))
        var out = ""
        var word = ""
        func flush() {
            guard !word.isEmpty else { return }
            let plain = word.lowercased().filter { $0.isLetter || $0.isNumber }
            out += known.contains(plain) || plain.isEmpty ? escape(word) : "<mark>\(escape(word))</mark>"
            word = ""
        }
        for ch in variant {
            if ch.isWhitespace { flush(); out += " " } else { word.append(ch) }
        }
        flush()
        return out
    }

    static func talkingPoints(_ report: AnalysisReport) -> String {
        let points = report.talkingPoints.talkingPoints
        var html = "<section id=\"talking-points\"><h2>Talking points</h2>"
        html += "<p class=\"small\">Lines repeated by at least two named speakers in at least two articles, most speakers first. Words that differ from the canonical phrase are <mark>marked</mark>.</p>"
        html += "<input id=\"tp-filter\" type=\"search\" placeholder=\"Filter by speaker or words…\" aria-label=\"Filter talking points\">"
        if points.isEmpty { html += "<p>No talking points found.</p>" }
        for p in points {
            html += "<article class=\"tp\" data-text=\"\(escape((p.speakers + [p.phrase] + p.variants).joined(separator: " ").lowercased()))\">"
            html += "<h3>\(p.id + 1). “\(escape(p.phrase))”</h3>"
            html += "<p><b>Said by:</b> \(escape(p.speakers.joined(separator: ", "))) · <b>Articles:</b> \(p.documents.count)"
            let first = [p.firstSeen.date.map { String($0.prefix(10)) }, p.firstSeen.speaker, p.firstSeen.document].compactMap { $0 }
            html += " · <b>First:</b> \(escape(first.joined(separator: ", ")))</p>"
            html += "<details><summary>\(p.variants.count) variants</summary><ul>"
            for v in p.variants { html += "<li>\(markDifferences(v, from: p.phrase))</li>" }
            html += "</ul></details>"
            html += timeline(p)
            html += "<table class=\"sortable\"><thead><tr><th>Date</th><th>Speaker</th><th>Kind</th><th>Article</th><th>Passage</th></tr></thead><tbody>"
            for i in p.instances {
                html += "<tr><td>\(escape(i.date.map { String($0.prefix(10)) } ?? "–"))</td><td>\(escape(i.speaker ?? "–"))</td><td>\(i.kind.rawValue)</td><td>\(escape(i.document))</td><td>\(markDifferences(i.passage, from: p.phrase))</td></tr>"
            }
            html += "</tbody></table></article>"
        }
        return html + "</section>\n"
    }

    /// Each use on a line per speaker, in date order (undated uses at the end).
    static func timeline(_ p: TalkingPoint) -> String {
        let rows = p.speakers + (p.instances.contains { $0.speaker == nil } ? ["(narration)"] : [])
        let dated = p.instances.compactMap { $0.date.map { String($0.prefix(10)) } }.sorted()
        let days = Array(Set(dated)).sorted()
        let columns = max(1, days.count + (p.instances.contains { $0.date == nil } ? 1 : 0))
        let rowHeight = 22.0, left = 130.0, width = 620.0
        let height = rowHeight * Double(rows.count) + 28
        var svg = "<svg class=\"timeline\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"Timeline of uses\">"
        for (r, name) in rows.enumerated() {
            let y = 14 + rowHeight * Double(r)
            svg += "<text x=\"0\" y=\"\(number(y + 4, 1))\" font-size=\"11\">\(escape(TextStyle.truncate(name, to: 20)))</text>"
            svg += "<line x1=\"\(Int(left))\" x2=\"\(Int(width - 10))\" y1=\"\(number(y, 1))\" y2=\"\(number(y, 1))\" stroke=\"#ddd\"/>"
        }
        func xPosition(_ date: String?) -> Double {
            let index = date.flatMap { d in days.firstIndex(of: String(d.prefix(10))) } ?? days.count
            return left + 10 + (width - left - 30) * (columns == 1 ? 0.5 : Double(index) / Double(columns - 1))
        }
        for (k, day) in days.enumerated() where k == 0 || k == days.count - 1 || days.count <= 6 {
            svg += "<text x=\"\(number(xPosition(day), 1))\" y=\"\(number(height - 4, 1))\" font-size=\"10\" text-anchor=\"middle\">\(escape(day))</text>"
        }
        if p.instances.contains(where: { $0.date == nil }) {
            svg += "<text x=\"\(number(xPosition(nil), 1))\" y=\"\(number(height - 4, 1))\" font-size=\"10\" text-anchor=\"middle\">undated</text>"
        }
        for (k, i) in p.instances.enumerated() {
            let r = rows.firstIndex(of: i.speaker ?? "(narration)") ?? 0
            let y = 14 + rowHeight * Double(r)
            let isFirst = i.document == p.firstSeen.document && i.speaker == p.firstSeen.speaker
            let x = xPosition(i.date) + Double(k % 3) * 3
            svg += "<circle cx=\"\(number(x, 1))\" cy=\"\(number(y, 1))\" r=\"\(isFirst ? 7 : 5)\" fill=\"\(isFirst ? "#e15759" : "#4e79a7")\"><title>\(escape([i.date, i.speaker, i.document].compactMap { $0 }.joined(separator: " · ")))</title></circle>"
        }
        return svg + "</svg>"
    }

    static func speakerMatrix(_ report: AnalysisReport) -> String {
        let points = report.talkingPoints.talkingPoints
        let speakers = report.overview.speakers.filter { name in points.contains { $0.speakers.contains(name) } }
        var html = "<section id=\"speakers\"><h2>Speakers × talking points</h2>"
        guard !points.isEmpty, !speakers.isEmpty else { return html + "<p>No talking points.</p></section>\n" }
        html += "<table class=\"matrix\"><thead><tr><th>Speaker</th>"
        for p in points { html += "<th title=\"\(escape(p.phrase))\">\(p.id + 1)</th>" }
        html += "</tr></thead><tbody>"
        for s in speakers {
            html += "<tr><td>\(escape(s))</td>"
            for p in points {
                let uses = p.instances.filter { $0.speaker == s }.count
                html += uses > 0 ? "<td class=\"on\" title=\"\(uses) uses\">\(uses)</td>" : "<td></td>"
            }
            html += "</tr>"
        }
        html += "</tbody></table><ol class=\"small\">"
        for p in points { html += "<li>\(escape(p.phrase))</li>" }
        return html + "</ol></section>\n"
    }

    static let css = """
    body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#222;background:#fff}
    header{padding:18px 28px;background:#1f2d3d;color:#fff}header h1{margin:0;font-size:24px}.sub{margin:4px 0 8px;color:#cdd}
    nav a{color:#fff;margin-right:14px;text-decoration:none;font-size:14px;border-bottom:1px dotted #9ab}
    main{max-width:1100px;margin:0 auto;padding:10px 28px 40px}section{margin:28px 0}h2{border-bottom:2px solid #eee;padding-bottom:4px}
    .cards{display:flex;flex-wrap:wrap;gap:12px}.card{border:1px solid #ddd;border-radius:6px;padding:10px 16px;min-width:120px}
    .value{font-size:22px;font-weight:600}.label{color:#666;font-size:13px}.small{color:#555;font-size:13px}
    .map,.heatmap{width:100%;max-width:720px;height:auto;display:block}.legend span{display:inline-block;margin:4px 12px 0 0;font-size:13px}
    .legend i{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:4px}
    .cluster,.tp{border-left:5px solid #4e79a7;padding:2px 14px;margin:14px 0;background:#fcfcfc}
    table{border-collapse:collapse;width:100%;font-size:13px;margin:6px 0}th,td{border-bottom:1px solid #eee;padding:4px 6px;text-align:left;vertical-align:top}
    th{background:#f4f4f4;cursor:pointer;user-select:none}.badge{background:#eee;border-radius:3px;padding:0 4px;font-size:11px}
    mark{background:#ffe08a}.timeline{width:100%;max-width:620px;height:auto;display:block;margin:6px 0}
    .matrix td.on{background:#4e79a7;color:#fff;text-align:center}.matrix td,.matrix th{text-align:center}.matrix td:first-child{text-align:left}
    #tp-filter{padding:6px 8px;width:280px;border:1px solid #ccc;border-radius:4px}footer{color:#777;font-size:12px;padding:16px 28px;border-top:1px solid #eee}
    """

    static let script = """
    document.querySelectorAll('table.sortable th').forEach(function(th,col){th.addEventListener('click',function(){
    var body=th.closest('table').tBodies[0];var rows=Array.from(body.rows);var asc=th.dataset.asc!=='1';th.dataset.asc=asc?'1':'0';
    rows.sort(function(a,b){var x=a.cells[col],y=b.cells[col];var p=x.dataset.sort||x.textContent,q=y.dataset.sort||y.textContent;
    var m=parseFloat(p),n=parseFloat(q);var r=(!isNaN(m)&&!isNaN(n))?m-n:p.localeCompare(q);return asc?r:-r;});
    rows.forEach(function(r){body.appendChild(r);});});});
    var f=document.getElementById('tp-filter');if(f){f.addEventListener('input',function(){var q=f.value.toLowerCase();
    document.querySelectorAll('article.tp').forEach(function(a){a.style.display=a.dataset.text.indexOf(q)>=0?'':'none';});});}
    """
}
