<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1">
<context>
    <name></name>
    <message>
        <source>Panels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FlowPlots</source>
        <comment>layer {n}</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FlowPlots</source>
        <comment>adds {adds} · lasts {lasts} · draws {draws}</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FlowPlots</source>
        <comment>energy {it} IT + {over} PUE overhead</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FlowPlots</source>
        <comment>cost: {formula}</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FlowPlots</source>
        <comment>Includes an engineering estimate (grade C).</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>Details were written to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details could not be written to a log file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Something went wrong, but your work is safe and the app carries on.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FaultPanel</name>
    <message>
        <source>Tick a fault to break that part of the stack. The loaded flow and load run are simulated again with it, and the column shows how far it climbs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Faults</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} — layer {layer}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fault and leak path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear every fault</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No fault chosen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a fault in the list to read what it breaks; tick it to strike it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>*Strikes {part} (layer {layer})*</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(through seams {seams})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(through seam {seams})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer {n}: {caption}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>### How it climbs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>**Figures:** {names}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>*Load a flow (Ctrl+2) to see what this fault does to a request.*</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>**On {flow}: no change.**</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>**On {flow}:**</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>**On {flow}, if you strike it:**</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FlowPanel</name>
    <message>
        <source>#</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every hop of the flow; choose one to jump there</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (estimate)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PUE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Facility</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hop, and where it runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What happens, then the component, its layer and its OSI row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the hop adds to the wait, then when it starts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{where} · layer {layer}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>+{adds}
at {start}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An engineering estimate (grade C): the figure behind it is not a measurement.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>adds {adds}; starts at {start}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restart (Home)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>◀ Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step back (←)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play or pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play or pause (Space)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step forward</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step forward (→)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Speed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the timeline as CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the timeline as CSV (what simulate --csv writes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Now playing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Totals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flow views</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where the time goes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Energy split</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Energy per hop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the fault changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Energy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Headers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each hop against true simulated time; scroll the wheel to zoom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Energy per hop (IT and the overhead PUE adds) and the running total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The headers the current hop&apos;s bytes carry, outermost first, with their OSI layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What a struck fault changes over the simulated time, such as the inlet air temperature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Milestones</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom in around the now cursor (or scroll the wheel)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>−</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom out around the now cursor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Whole run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the whole run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom out to the whole request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a flow above, then press Space to play it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>+</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No comparison</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{co2} CO₂e</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Some hops use engineering estimates (grade C), marked in the list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;{fault}&lt;/b&gt;: {words}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;{latency}&lt;/b&gt; end to end</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;{meter}&lt;/b&gt; at the meter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>water &lt;b&gt;{water}&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>carbon &lt;b&gt;{co2} CO₂e&lt;/b&gt; per request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;{meter}&lt;/b&gt; at the meter = {it} IT + {over} PUE overhead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compared with {label}:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the servers, network and storage draw (IT), and what the building adds on top to cool them and convert their power (the overhead PUE measures). Bars: each hop; line: the running total.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;{title}&lt;/b&gt; — press Space to play</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;{n}. {label}&lt;/b&gt; — {explain}&lt;br&gt;at {start}; adds {adds}; running total {total}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n}. {label} runs inside {where}, not on the wire, so its data carries no packet headers. Step to a network hop (layer 2) to see them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FlowPlots</name>
    <message>
        <source>Energy plot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Energy per hop, IT and facility overhead stacked, and the cumulative energy at the meter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fault plot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What a fault changes over time, such as the inlet air temperature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Energy key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>simulated time (s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hop number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IT ({unit})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PUE overhead ({unit})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>running total ({unit}, right axis)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the fault changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>compared run, total</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InspectorPanel</name>
    <message>
        <source>Inspector</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LessonPanel</name>
    <message>
        <source>Answer: {text}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose every answer that is right.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a number, then Enter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drag the items (or select one and use Move up / Move down) into order, first at the top.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Items to put in order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move the selected item up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move the selected item down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your lesson progress file was damaged; it was kept aside and a fresh one started.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Lessons&lt;/b&gt; — each walks through one part of the stack: predict, watch, explain. Your progress is saved on this computer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lesson list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start / resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start or resume the chosen lesson</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset progress…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset all lesson progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your lessons folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the folder for your own lessons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lesson notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✓ done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>new</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step {n} of {count}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[your lesson]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{title}
   {mark} {level} · {minutes} min · {steps} steps · {progress}{where}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your own lessons go in &lt;code&gt;{folder}&lt;/code&gt; (or File → Open lesson…).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your progress file could not be read ({reason}); it was kept as &lt;code&gt;{name}&lt;/code&gt; and a fresh one started.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} lesson file(s) have problems and are not listed: {names}. &lt;code&gt;python -m desktop check&lt;/code&gt; names each one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forget the progress of every lesson? This cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>◀ Lessons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to the lesson list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lesson progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lesson step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This step&apos;s view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>▶ Play the flow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play or pause the lesson&apos;s flow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check my answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show a hint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Feedback</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>◀ Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous step (Page Up)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next step (Page Down)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handout PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save this lesson as a printable PDF handout, without the answers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why Next is waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save a handout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✓ lesson complete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;{title}&lt;/b&gt;&lt;br&gt;Step {n} of {count}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finish ✓</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✓ You have answered this one correctly already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Hint:&lt;/b&gt; {hint}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LessonViews</name>
    <message>
        <source>Where the time goes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Energy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Headers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The hockey stick</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This run over time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This step&apos;s view: {title}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;{title}&lt;/b&gt;, live, as the {panel} tab shows it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No flow is loaded yet: this view fills in once the lesson (or the Flow tab) loads one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;{title}&lt;/b&gt;: what the fault changes, live, as the {panel} tab shows it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;{title}&lt;/b&gt;: energy per hop, live, as the {panel} tab shows it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;{title}&lt;/b&gt; of {n}. {label}, outermost first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;{title}&lt;/b&gt; of the next hop on the wire, {n}. {label}, outermost first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No load run yet: this view fills in once the lesson (or the Load tab) sends traffic.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LoadPanel</name>
    <message>
        <source>Load flow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export this load run as CSV (what load --csv writes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a flow to send traffic through the stack.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ρ: utilisation of the bottleneck</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ρ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Over capacity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ρ is how busy the busiest resource is. Below about 0.7 the queue stays short; towards 1 the tail (p99) leaves the median behind; past 1 the queue grows until requests time out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ρ = {rho} · {rps} req/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The bottleneck is {part}: one server of it is busy all the time at {capacity} req/s (ρ = 1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;{n}&lt;/b&gt; requests in {secs} · p50 &lt;b&gt;{p50}&lt;/b&gt; · p99 &lt;b&gt;{p99}&lt;/b&gt; (one request alone: {alone})&lt;br&gt;queued p99 {wait} · bottleneck {part} busy {busy} · dropped {dropped}, timed out {timed_out} · peak {it} IT, {facility} facility</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the load run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LoadPlots</name>
    <message>
        <source>Load plots</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latency against utilisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load run over time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Against utilisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This run over time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>p50 and p99 at every utilisation from 0.1 to 1.3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The run at the chosen ρ: latency and facility power as it goes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>latency (s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>utilisation ρ (1 = always busy)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The hockey stick: p50 and p99 as the bottleneck fills up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ρ = 1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>time since the run started (s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This run over time (power: dash-dot)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>power ({unit})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Off the top of the plot past ρ = 1: p99 reaches {p99} at ρ = {rho}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>{title} panel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stackscope — the datacenter stack, from electrons to agents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Panels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} — Right/Left to go in and out, Enter to expand, Esc to clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click a layer, OSI sub-layer, component or seam — or press Up/Down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lens: {name} — click a bracket for its credit and mapping; L for the next lens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open layers file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load a different layers.yaml (an instructor&apos;s edited copy)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;lesson…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a lesson file an instructor wrote</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open lessons &amp;folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>List every lesson in a folder an instructor shares</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export image…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the column as PNG or SVG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next theme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Lens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No lens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next lens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open your &amp;library folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where your own lessons, flows, figures, faults and scenarios go</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fold all layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reload library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read your library folder again (files added or changed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Column only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide the panels so the column fills the screen; P or a panel&apos;s key brings them back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Panels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keyboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Sources</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every figure and where it comes from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Welcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The three ways in: a flow, the first lesson, the keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Stackscope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open layers file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stack files (*.yaml *.yml)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loaded {path}. Restart Stackscope to see it everywhere.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your library folder cannot be made: {why}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your library: {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a lesson</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lessons (*.yaml *.yml)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>so it cannot be opened yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a folder of lessons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} lesson(s) from {folder} added to the list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the column</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PageDown / Space / →</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>presenter mode: next lesson step, flow hop or layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PageUp / ← / Backspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>presenter mode: back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Esc</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>presenter mode: leave</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Page Down / Page Up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lessons panel: next / previous step; Flow panel: next / previous hop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Space</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flow panel: play or pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>→ / ←</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flow panel: step to the next / previous hop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Home</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flow panel: restart the flow</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Outline</name>
    <message>
        <source>Stack outline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every part of the stack as a tree; choosing one selects it on the column</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer {n}: {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OSI sub-layers (inside layer 2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TCP/IP layers (RFC 1122)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The four-layer Internet model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seam {id}: {name}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Panels</name>
    <message>
        <source>Faults</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lessons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in a check: check my answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scenarios</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PduView</name>
    <message>
        <source>Headers on the wire, outermost first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OSI</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Header / field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Packet headers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This hop is not on the network, so its data carries no packet headers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OSI layer {osi}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{hop}: headers on the wire, outermost first</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Presenter</name>
    <message>
        <source>B to return</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Blank screen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Presenter mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Full screen with projector-sized text; Esc leaves</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Spotlight the selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dim everything but the selected layer or seam</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Blank the screen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any key or click returns</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SaveBanner</name>
    <message>
        <source>disk full</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the folder is read-only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>progress.json is a folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>another Stackscope window is open and keeps your progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the progress file cannot be read, so it is left untouched</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the file could not be written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Progress not saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Progress will not be kept: %1 cannot be written (%2). Make that folder writable, or set STACKSCOPE_HOME to one that is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Progress warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try saving your progress again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Progress not saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save your progress to another folder before quitting?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save elsewhere…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit without saving</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save progress in this folder</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ScalePanel</name>
    <message>
        <source>Scale strip</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The stack on its side: megawatts at the meter to racks, GPUs and tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Power at the meter in megawatts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At the meter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PUE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cooling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>As the system is designed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Air</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Direct-to-chip liquid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inference workload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training workload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Workload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model served</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Utilisation of the GPUs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Utilisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output tokens per prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens per prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompts per day wanted, in billions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> billion prompts/day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many MW?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Work backwards from prompts per day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scale steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step, figures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (estimate)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To serve {n} billion prompts a day you need about {mw} MW at the meter ({racks} racks).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ScenarioPanel</name>
    <message>
        <source>Scenarios</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a scenario and press Start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Symptoms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a scenario</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Something in the stack is broken. Choose a case, read its symptoms, probe where you suspect, then name the root cause and the seams it climbed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{level}, graded: no hints</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{level}, practice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The same seed gives the same numbers: your teacher may give you one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start the chosen scenario</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to your case</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to the case you started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scenario notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Case</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>← Scenarios</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to the scenario list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Probe budget</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Case parts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Probes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each probe looks at one place and costs minutes of the budget; running one again is free.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run probe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run the chosen probe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Probe readings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the probes read appears here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer where it started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Root cause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a layer first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seams it climbed (tick each one the trouble crossed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seams it climbed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show a hint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reveal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reveal the cause and its path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Submit answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Submit your answer for a score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hints</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer {n} · {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{lower}–{upper} {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The layer as a whole</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your case “{title}” stays open. Start begins a new one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a scenario first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{label} ({minutes} min)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✓ {probe}, done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>graded: no hints</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>practice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>seed {seed}, {how}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{label}: now &lt;b&gt;{now}&lt;/b&gt;, usually {usual}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next: look closer on the Probes tab, then name the cause and its path on the Answer tab.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Probe budget: {left} of {total} min left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not enough time left in the budget for that probe.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name the root cause first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Correct.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not all of it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Score: {score} %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>anonymous</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No hints for this one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hint: {text}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It was {ref}, climbing {path}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no seams</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Scenarios</name>
    <message>
        <source>Score {score} %: your result is saved in {folder}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Waterfall</name>
    <message>
        <source>Latency waterfall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{label}: starts at {start}, takes {takes} ({share} of the run)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WelcomeCard</name>
    <message>
        <source>Welcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Welcome to Stackscope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The column on the left is a whole datacenter, from the power at the bottom to AI agents at the top. Three ways in:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Watch one tap on Netflix travel down the stack and back, hop by hop.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learn the nine layers with the first lesson, one short step at a time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start lesson 1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Everything works from the keyboard. F1 lists the keys at any time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys (F1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Help → Welcome brings this card back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close the welcome card</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
