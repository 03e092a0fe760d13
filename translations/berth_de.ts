<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>CommitDialog</name>
    <message>
        <source>Commit a Container</source>
        <translation>Container committen</translation>
    </message>
    <message>
        <source>&amp;Name and tag:</source>
        <translation>&amp;Name und Tag:</translation>
    </message>
    <message>
        <source>custom_httpd:v1</source>
        <translation>custom_httpd:v1</translation>
    </message>
    <message>
        <source>Image name and tag</source>
        <translation>Image-Name und Tag</translation>
    </message>
    <message>
        <source>&amp;Message:</source>
        <translation>&amp;Nachricht:</translation>
    </message>
    <message>
        <source>Commit message</source>
        <translation>Commit-Nachricht</translation>
    </message>
    <message>
        <source>&amp;Author:</source>
        <translation>&amp;Autor:</translation>
    </message>
    <message>
        <source>Author</source>
        <translation>Autor</translation>
    </message>
    <message>
        <source>&amp;Changes:</source>
        <translation>Än&amp;derungen:</translation>
    </message>
    <message>
        <source>One Dockerfile instruction a line, e.g. CMD [&quot;httpd&quot;, &quot;-f&quot;]</source>
        <translation>Eine Dockerfile-Anweisung pro Zeile, z. B. CMD [&quot;httpd&quot;, &quot;-f&quot;]</translation>
    </message>
    <message>
        <source>Config changes</source>
        <translation>Konfigurationsänderungen</translation>
    </message>
    <message>
        <source>&amp;Pause the container while committing</source>
        <translation>Container während des Commits &amp;pausieren</translation>
    </message>
    <message>
        <source>Equivalent command:</source>
        <translation>Entsprechender Befehl:</translation>
    </message>
    <message>
        <source>Equivalent docker commit command</source>
        <translation>Entsprechender docker-commit-Befehl</translation>
    </message>
</context>
<context>
    <name>EditNetworkingDialog</name>
    <message>
        <source>Edit Ports and Links</source>
        <translation>Ports und Links bearbeiten</translation>
    </message>
    <message>
        <source>Published ports (-p)</source>
        <translation>Veröffentlichte Ports (-p)</translation>
    </message>
    <message>
        <source>Links (--link)</source>
        <translation>Verknüpfungen (--link)</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Import an Image</source>
        <translation>Image importieren</translation>
    </message>
    <message>
        <source>Makes an image from a root file system tarball (tar, tar.gz, tar.bz2, tar.xz or tar.zst), like docker import.</source>
        <translation>Erstellt ein Image aus einem Tarball eines Root-Dateisystems (tar, tar.gz, tar.bz2, tar.xz oder tar.zst), wie docker import.</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>&amp;Datei:</translation>
    </message>
    <message>
        <source>Tarball to import</source>
        <translation>Zu importierender Tarball</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <source>&amp;Name and tag:</source>
        <translation>&amp;Name und Tag:</translation>
    </message>
    <message>
        <source>busybox:latest</source>
        <translation>busybox:latest</translation>
    </message>
    <message>
        <source>Image name and tag</source>
        <translation>Image-Name und Tag</translation>
    </message>
</context>
<context>
    <name>LayerPreview</name>
    <message>
        <source>cached</source>
        <translation>im Cache</translation>
    </message>
    <message>
        <source>would rebuild</source>
        <translation>würde neu gebaut</translation>
    </message>
    <message>
        <source>would rebuild (edited)</source>
        <translation>würde neu gebaut (bearbeitet)</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>unavailable</source>
        <translation>nicht verfügbar</translation>
    </message>
    <message>
        <source>checking…</source>
        <translation>wird geprüft…</translation>
    </message>
    <message>
        <source>The target stage does not need this stage, so no build runs it.</source>
        <translation>Die Zielstufe braucht diese Stufe nicht, daher führt kein Build sie aus.</translation>
    </message>
</context>
<context>
    <name>LinkEditor</name>
    <message>
        <source>Each link lets this container reach a running container by its name or an alias (--link NAME:ALIAS).</source>
        <translation>Jeder Link lässt diesen Container einen laufenden Container über seinen Namen oder einen Alias erreichen (--link NAME:ALIAS).</translation>
    </message>
    <message>
        <source>Links to other containers</source>
        <translation>Links zu anderen Containern</translation>
    </message>
    <message>
        <source>Container</source>
        <translation>Container</translation>
    </message>
    <message>
        <source>Alias</source>
        <translation>Alias</translation>
    </message>
    <message>
        <source>Add &amp;Link</source>
        <translation>&amp;Link hinzufügen</translation>
    </message>
    <message>
        <source>Link to one of the engine&apos;s running containers</source>
        <translation>Mit einem laufenden Container der Engine verknüpfen</translation>
    </message>
    <message>
        <source>Remove Lin&amp;k</source>
        <translation>Lin&amp;k entfernen</translation>
    </message>
</context>
<context>
    <name>LoadDialog</name>
    <message>
        <source>Load Images</source>
        <translation>Images laden</translation>
    </message>
    <message>
        <source>Loads the images of an archive made by docker save, podman save or Berth (Docker&apos;s format or an OCI layout, plain or compressed), like docker load.</source>
        <translation>Lädt die Images eines Archivs von docker save, podman save oder Berth (Docker-Format oder OCI-Layout, unkomprimiert oder komprimiert), wie docker load.</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>&amp;Datei:</translation>
    </message>
    <message>
        <source>Archive to load</source>
        <translation>Zu ladendes Archiv</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <source>Load progress</source>
        <translation>Ladefortschritt</translation>
    </message>
    <message>
        <source>Loaded images</source>
        <translation>Geladene Images</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Log In to a Registry</source>
        <translation>Bei einer Registry anmelden</translation>
    </message>
    <message>
        <source>The engine checks the user name and password with the registry, like docker login.</source>
        <translation>Die Engine prüft Benutzername und Passwort bei der Registry, wie docker login.</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>&amp;Server:</translation>
    </message>
    <message>
        <source>registry.example.com:5000</source>
        <translation>registry.example.com:5000</translation>
    </message>
    <message>
        <source>Registry server</source>
        <translation>Registry-Server</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>&amp;Benutzername:</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>&amp;Remember on this computer</source>
        <translation>Auf diesem Rechner &amp;merken</translation>
    </message>
</context>
<context>
    <name>PortForwardEditor</name>
    <message>
        <source>Port forwards</source>
        <translation>Portweiterleitungen</translation>
    </message>
    <message>
        <source>Host IP</source>
        <translation>Host-IP</translation>
    </message>
    <message>
        <source>Host port or range</source>
        <translation>Host-Port oder -Bereich</translation>
    </message>
    <message>
        <source>Container port or range</source>
        <translation>Container-Port oder -Bereich</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Hinzufügen</translation>
    </message>
    <message>
        <source>From the image&apos;s &amp;EXPOSE</source>
        <translation>Aus dem &amp;EXPOSE des Images</translation>
    </message>
    <message>
        <source>Add a row for each port the image declares with EXPOSE</source>
        <translation>Eine Zeile für jeden Port hinzufügen, den das Image mit EXPOSE deklariert</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
</context>
<context>
    <name>PullDialog</name>
    <message>
        <source>Pull an Image</source>
        <translation>Image herunterladen</translation>
    </message>
    <message>
        <source>Downloads an image from its registry, like docker pull. A name without a registry host is on Docker Hub.</source>
        <translation>Lädt ein Image aus seiner Registry herunter, wie docker pull. Ein Name ohne Registry-Host liegt auf Docker Hub.</translation>
    </message>
    <message>
        <source>&amp;Image:</source>
        <translation>&amp;Image:</translation>
    </message>
    <message>
        <source>registry.example.com/team/app</source>
        <translation>registry.example.com/team/app</translation>
    </message>
    <message>
        <source>Image name</source>
        <translation>Image-Name</translation>
    </message>
    <message>
        <source>&amp;Tag:</source>
        <translation>&amp;Tag:</translation>
    </message>
    <message>
        <source>Image tag</source>
        <translation>Image-Tag</translation>
    </message>
    <message>
        <source>Pull progress</source>
        <translation>Download-Fortschritt</translation>
    </message>
</context>
<context>
    <name>PushDialog</name>
    <message>
        <source>Push an Image</source>
        <translation>Image hochladen</translation>
    </message>
    <message>
        <source>Image:</source>
        <translation>Image:</translation>
    </message>
    <message>
        <source>Registry:</source>
        <translation>Registry:</translation>
    </message>
    <message>
        <source>Push progress</source>
        <translation>Upload-Fortschritt</translation>
    </message>
    <message>
        <source>Uploads the image to the registry its name starts with, like docker push. Nothing is sent until you click Push. Layers the registry has already are not sent again.</source>
        <translation>Lädt das Image in die Registry hoch, mit der sein Name beginnt, wie docker push. Erst ein Klick auf Hochladen sendet etwas. Layer, die die Registry schon hat, werden nicht erneut gesendet.</translation>
    </message>
    <message>
        <source>Push &amp;as:</source>
        <translation>Hochladen &amp;als:</translation>
    </message>
    <message>
        <source>The name and tag to push under. A different name is tagged on the image first, like docker tag.</source>
        <translation>Name und Tag, unter denen hochgeladen wird. Ein anderer Name wird zuerst am Image getaggt, wie docker tag.</translation>
    </message>
    <message>
        <source>Destination:</source>
        <translation>Ziel:</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>Removed port: %1</source>
        <translation>Entfernter Port: %1</translation>
    </message>
    <message>
        <source>Added port: %1</source>
        <translation>Hinzugefügter Port: %1</translation>
    </message>
    <message>
        <source>Removed link: %1</source>
        <translation>Entfernter Link: %1</translation>
    </message>
    <message>
        <source>Added link: %1</source>
        <translation>Hinzugefügter Link: %1</translation>
    </message>
</context>
<context>
    <name>RenameDialog</name>
    <message>
        <source>Rename Container</source>
        <translation>Container umbenennen</translation>
    </message>
    <message>
        <source>New &amp;name:</source>
        <translation>Neuer &amp;Name:</translation>
    </message>
    <message>
        <source>New container name</source>
        <translation>Neuer Container-Name</translation>
    </message>
</context>
<context>
    <name>RunDialog</name>
    <message>
        <source>Run a Container</source>
        <translation>Container ausführen</translation>
    </message>
    <message>
        <source>General</source>
        <translation>Allgemein</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Umgebung</translation>
    </message>
    <message>
        <source>&amp;Image:</source>
        <translation>&amp;Image:</translation>
    </message>
    <message>
        <source>busybox:latest</source>
        <translation>busybox:latest</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>Image</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>Chosen by the engine when empty</source>
        <translation>Leer: die Engine wählt ihn</translation>
    </message>
    <message>
        <source>Container name</source>
        <translation>Container-Name</translation>
    </message>
    <message>
        <source>&amp;Command:</source>
        <translation>&amp;Befehl:</translation>
    </message>
    <message>
        <source>The image&apos;s default command when empty</source>
        <translation>Leer: der Standardbefehl des Images</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Befehl</translation>
    </message>
    <message>
        <source>&amp;Entrypoint:</source>
        <translation>&amp;Entrypoint:</translation>
    </message>
    <message>
        <source>Entrypoint</source>
        <translation>Entrypoint</translation>
    </message>
    <message>
        <source>Keep standard input open (-i)</source>
        <translation>Standardeingabe offen halten (-i)</translation>
    </message>
    <message>
        <source>Allocate a terminal (-t)</source>
        <translation>Terminal zuweisen (-t)</translation>
    </message>
    <message>
        <source>Run in the background (-d)</source>
        <translation>Im Hintergrund ausführen (-d)</translation>
    </message>
    <message>
        <source>Remove when it exits (--rm)</source>
        <translation>Nach dem Beenden entfernen (--rm)</translation>
    </message>
    <message>
        <source>Environment variables</source>
        <translation>Umgebungsvariablen</translation>
    </message>
    <message>
        <source>Variable</source>
        <translation>Variable</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Hinzufügen</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>Volumes</source>
        <translation>Volumes</translation>
    </message>
    <message>
        <source>Volume mappings</source>
        <translation>Volume-Zuordnungen</translation>
    </message>
    <message>
        <source>Host path or volume</source>
        <translation>Host-Pfad oder Volume</translation>
    </message>
    <message>
        <source>Container path</source>
        <translation>Container-Pfad</translation>
    </message>
    <message>
        <source>Read-only</source>
        <translation>Schreibgeschützt</translation>
    </message>
    <message>
        <source>A&amp;dd</source>
        <translation>Hin&amp;zufügen</translation>
    </message>
    <message>
        <source>&amp;Folder…</source>
        <translation>&amp;Ordner…</translation>
    </message>
    <message>
        <source>Bind a host folder into the container</source>
        <translation>Einen Host-Ordner in den Container einbinden</translation>
    </message>
    <message>
        <source>F&amp;ile…</source>
        <translation>Da&amp;tei…</translation>
    </message>
    <message>
        <source>Bind a single host file into the container</source>
        <translation>Eine einzelne Host-Datei in den Container einbinden</translation>
    </message>
    <message>
        <source>&amp;Volume</source>
        <translation>&amp;Volume</translation>
    </message>
    <message>
        <source>Mount a named volume the engine has</source>
        <translation>Ein benanntes Volume der Engine einhängen</translation>
    </message>
    <message>
        <source>Re&amp;move</source>
        <translation>Ent&amp;fernen</translation>
    </message>
    <message>
        <source>Map &amp;These</source>
        <translation>&amp;Diese zuordnen</translation>
    </message>
    <message>
        <source>Add a row for each path the image declares with VOLUME</source>
        <translation>Eine Zeile für jeden Pfad hinzufügen, den das Image mit VOLUME deklariert</translation>
    </message>
    <message>
        <source>Volumes from other containers (--volumes-from):</source>
        <translation>Volumes aus anderen Containern (--volumes-from):</translation>
    </message>
    <message>
        <source>Containers whose volumes are repeated</source>
        <translation>Container, deren Volumes übernommen werden</translation>
    </message>
    <message>
        <source>Container</source>
        <translation>Container</translation>
    </message>
    <message>
        <source>Add &amp;Container</source>
        <translation>&amp;Container hinzufügen</translation>
    </message>
    <message>
        <source>Remo&amp;ve</source>
        <translation>Entfe&amp;rnen</translation>
    </message>
    <message>
        <source>Ports</source>
        <translation>Ports</translation>
    </message>
    <message>
        <source>Publish every port the image exposes to a free host port (-P)</source>
        <translation>Jeden Port, den das Image freigibt, auf einem freien Host-Port veröffentlichen (-P)</translation>
    </message>
    <message>
        <source>Links</source>
        <translation>Links</translation>
    </message>
    <message>
        <source>Resources</source>
        <translation>Ressourcen</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>Neustart</translation>
    </message>
    <message>
        <source>Restart &amp;policy:</source>
        <translation>Neustart-&amp;Richtlinie:</translation>
    </message>
    <message>
        <source>Restart policy</source>
        <translation>Neustart-Richtlinie</translation>
    </message>
    <message>
        <source>&amp;Maximum retries:</source>
        <translation>&amp;Maximale Wiederholungen:</translation>
    </message>
    <message>
        <source>Unlimited</source>
        <translation>Unbegrenzt</translation>
    </message>
    <message>
        <source>Maximum retries</source>
        <translation>Maximale Wiederholungen</translation>
    </message>
    <message>
        <source>Equivalent docker run command</source>
        <translation>Entsprechender docker-run-Befehl</translation>
    </message>
    <message>
        <source>Cop&amp;y</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <source>&amp;Paste a docker run line…</source>
        <translation>docker-run-Zeile &amp;einfügen…</translation>
    </message>
    <message>
        <source>E&amp;quivalent command:</source>
        <translation>Entsprechender Befe&amp;hl:</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Engine</source>
        <translation>Engine</translation>
    </message>
    <message>
        <source>&amp;Automatic: the system engine when this account may use it, otherwise the bundled engine (berthd, started and stopped by the studio as root)</source>
        <translation>&amp;Automatisch: die System-Engine, wenn dieses Konto sie nutzen darf, sonst die mitgelieferte Engine (berthd, vom Studio als root gestartet und beendet)</translation>
    </message>
    <message>
        <source>Connect to &amp;another engine:</source>
        <translation>Mit &amp;anderer Engine verbinden:</translation>
    </message>
    <message>
        <source>Found on this machine:</source>
        <translation>Auf diesem Rechner gefunden:</translation>
    </message>
    <message>
        <source>Engines found on this machine</source>
        <translation>Auf diesem Rechner gefundene Engines</translation>
    </message>
    <message>
        <source>unix:///run/docker.sock or tcp://127.0.0.1:2375</source>
        <translation>unix:///run/docker.sock oder tcp://127.0.0.1:2375</translation>
    </message>
    <message>
        <source>Engine endpoint</source>
        <translation>Engine-Endpunkt</translation>
    </message>
    <message>
        <source>Any Docker Engine API endpoint works: a Docker or Podman socket, or another berthd.</source>
        <translation>Jeder Endpunkt der Docker Engine API funktioniert: ein Docker- oder Podman-Socket oder ein anderer berthd.</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
    <message>
        <source>A new language takes effect when Berth Studio starts again.</source>
        <translation>Eine neue Sprache gilt ab dem nächsten Start von Berth Studio.</translation>
    </message>
</context>
<context>
    <name>UpdateDialog</name>
    <message>
        <source>Update Resources</source>
        <translation>Ressourcen ändern</translation>
    </message>
    <message>
        <source>&amp;Restart policy:</source>
        <translation>Neustart-&amp;Richtlinie:</translation>
    </message>
    <message>
        <source>Restart policy</source>
        <translation>Neustart-Richtlinie</translation>
    </message>
    <message>
        <source>Maximum re&amp;tries:</source>
        <translation>Maximale &amp;Wiederholungen:</translation>
    </message>
    <message>
        <source>Maximum retries on failure</source>
        <translation>Maximale Wiederholungen bei Fehlschlag</translation>
    </message>
    <message>
        <source>Unlimited</source>
        <translation>Unbegrenzt</translation>
    </message>
</context>
<context>
    <name>berth::studio::ArchiveTransfers</name>
    <message>
        <source>Tar archives (*.tar);;All files (*)</source>
        <translation>Tar-Archive (*.tar);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Saving %1</source>
        <translation>%1 wird gespeichert</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <source>Save to %1</source>
        <translation>Speichern nach %1</translation>
    </message>
    <message>
        <source>Exporting %1</source>
        <translation>%1 wird exportiert</translation>
    </message>
    <message>
        <source>Exported %1 to %2</source>
        <translation>%1 nach %2 exportiert</translation>
    </message>
    <message>
        <source>Export of %1</source>
        <translation>Export von %1</translation>
    </message>
</context>
<context>
    <name>berth::studio::BuildPanel</name>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Do not use the build cache</source>
        <translation>Build-Cache nicht verwenden</translation>
    </message>
    <message>
        <source>Build</source>
        <translation>Bauen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>The folder sent to the engine as the build context</source>
        <translation>Der Ordner, der als Build-Kontext an die Engine geht</translation>
    </message>
    <message>
        <source>Build context folder</source>
        <translation>Build-Kontext-Ordner</translation>
    </message>
    <message>
        <source>Dockerfile path in the context</source>
        <translation>Pfad des Dockerfiles im Kontext</translation>
    </message>
    <message>
        <source>name:tag, separated by spaces</source>
        <translation>name:tag, durch Leerzeichen getrennt</translation>
    </message>
    <message>
        <source>Image tags</source>
        <translation>Image-Tags</translation>
    </message>
    <message>
        <source>Build arg</source>
        <translation>Build-Argument</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Build args</source>
        <translation>Build-Argumente</translation>
    </message>
    <message>
        <source>Target stage</source>
        <translation>Zielstufe</translation>
    </message>
    <message>
        <source>Build the editor&apos;s Dockerfile (Ctrl+B)</source>
        <translation>Das Dockerfile des Editors bauen (Strg+B)</translation>
    </message>
    <message>
        <source>Context:</source>
        <translation>Kontext:</translation>
    </message>
    <message>
        <source>Dockerfile:</source>
        <translation>Dockerfile:</translation>
    </message>
    <message>
        <source>Tags:</source>
        <translation>Tags:</translation>
    </message>
    <message>
        <source>Target stage:</source>
        <translation>Zielstufe:</translation>
    </message>
    <message>
        <source>Build args:</source>
        <translation>Build-Argumente:</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>Instruction</source>
        <translation>Anweisung</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>Build steps</source>
        <translation>Build-Schritte</translation>
    </message>
    <message>
        <source>Build log</source>
        <translation>Build-Protokoll</translation>
    </message>
    <message>
        <source>(last stage)</source>
        <translation>(letzte Stufe)</translation>
    </message>
    <message>
        <source>stage %1</source>
        <translation>Stufe %1</translation>
    </message>
    <message>
        <source>Choose a context folder and connect to an engine to build</source>
        <translation>Wählen Sie einen Kontext-Ordner und verbinden Sie sich mit einer Engine, um zu bauen</translation>
    </message>
    <message>
        <source>Building %1</source>
        <translation>Baue %1</translation>
    </message>
    <message>
        <source>Cancelling the build…</source>
        <translation>Build wird abgebrochen…</translation>
    </message>
    <message>
        <source>done</source>
        <translation>fertig</translation>
    </message>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>cached</source>
        <translation>im Cache</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>Built image %1.</source>
        <translation>Image %1 gebaut.</translation>
    </message>
    <message>
        <source>The build was cancelled.</source>
        <translation>Der Build wurde abgebrochen.</translation>
    </message>
    <message>
        <source>The build failed: %1</source>
        <translation>Der Build ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Built %1</source>
        <translation>%1 gebaut</translation>
    </message>
    <message>
        <source>Options</source>
        <translation>Optionen</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Ausgabe</translation>
    </message>
</context>
<context>
    <name>berth::studio::CommitDialog</name>
    <message>
        <source>&quot;%1&quot; cannot be changed by a commit; use CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, ONBUILD, USER, VOLUME or WORKDIR.</source>
        <translation>„%1“ lässt sich durch einen Commit nicht ändern; verwenden Sie CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, ONBUILD, USER, VOLUME oder WORKDIR.</translation>
    </message>
    <message>
        <source>Commit %1</source>
        <translation>%1 committen</translation>
    </message>
    <message>
        <source>Makes an image from the files %1 changed, on top of its image, like docker commit. Data in its volumes is not part of the image.</source>
        <translation>Erstellt aus den Dateien, die %1 geändert hat, ein Image über seinem Image, wie docker commit. Daten in seinen Volumes gehören nicht zum Image.</translation>
    </message>
    <message>
        <source>&amp;Commit</source>
        <translation>&amp;Committen</translation>
    </message>
    <message>
        <source>Not an image name: use lower-case letters, digits and -_./ with an optional :tag.</source>
        <translation>Kein Image-Name: Verwenden Sie Kleinbuchstaben, Ziffern und -_./ mit optionalem :Tag.</translation>
    </message>
</context>
<context>
    <name>berth::studio::ContainerFiles</name>
    <message>
        <source>&amp;Up</source>
        <translation>&amp;Hoch</translation>
    </message>
    <message>
        <source>&amp;Download…</source>
        <translation>&amp;Herunterladen…</translation>
    </message>
    <message>
        <source>U&amp;pload…</source>
        <translation>&amp;Hochladen…</translation>
    </message>
    <message>
        <source>Path in the container</source>
        <translation>Pfad im Container</translation>
    </message>
    <message>
        <source>Upload &amp;File…</source>
        <translation>&amp;Datei hochladen…</translation>
    </message>
    <message>
        <source>Upload F&amp;older…</source>
        <translation>&amp;Ordner hochladen…</translation>
    </message>
    <message>
        <source>Listing %1…</source>
        <translation>%1 wird aufgelistet…</translation>
    </message>
    <message numerus="yes">
        <source>%n entries</source>
        <translation>
            <numerusform>%n Eintrag</numerusform>
            <numerusform>%n Einträge</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n entries; deleted since the image: %1</source>
        <translation>
            <numerusform>%n Eintrag; seit dem Image gelöscht: %1</numerusform>
            <numerusform>%n Einträge; seit dem Image gelöscht: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Select a file or folder to download.</source>
        <translation>Wählen Sie eine Datei oder einen Ordner zum Herunterladen.</translation>
    </message>
    <message>
        <source>Download into folder</source>
        <translation>In Ordner herunterladen</translation>
    </message>
    <message>
        <source>Upload file</source>
        <translation>Datei hochladen</translation>
    </message>
    <message>
        <source>Upload folder</source>
        <translation>Ordner hochladen</translation>
    </message>
    <message>
        <source>Downloading %1…</source>
        <translation>%1 wird heruntergeladen…</translation>
    </message>
    <message>
        <source>Downloaded %1 to %2</source>
        <translation>%1 nach %2 heruntergeladen</translation>
    </message>
    <message>
        <source>Uploading %1…</source>
        <translation>%1 wird hochgeladen…</translation>
    </message>
    <message>
        <source>Uploaded %1 to %2</source>
        <translation>%1 nach %2 hochgeladen</translation>
    </message>
    <message>
        <source>Could not list %1: %2</source>
        <translation>%1 konnte nicht aufgelistet werden: %2</translation>
    </message>
    <message>
        <source>Could not download %1: %2</source>
        <translation>%1 konnte nicht heruntergeladen werden: %2</translation>
    </message>
    <message>
        <source>Could not upload %1: %2</source>
        <translation>%1 konnte nicht hochgeladen werden: %2</translation>
    </message>
</context>
<context>
    <name>berth::studio::ContainerFilesModel</name>
    <message>
        <source>%1 -&gt; %2</source>
        <translation>%1 -&gt; %2</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>Hinzugefügt</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>Geändert</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Permissions</source>
        <translation>Rechte</translation>
    </message>
    <message>
        <source>Modified</source>
        <translation>Geändert am</translation>
    </message>
    <message>
        <source>Since Image</source>
        <translation>Seit Image</translation>
    </message>
</context>
<context>
    <name>berth::studio::ContainerInspectView</name>
    <message>
        <source>Container inspect data</source>
        <translation>Inspect-Daten des Containers</translation>
    </message>
    <message>
        <source>Search the inspect data</source>
        <translation>Inspect-Daten durchsuchen</translation>
    </message>
    <message>
        <source>Could not read the inspect data of %1: %2</source>
        <translation>Die Inspect-Daten von %1 konnten nicht gelesen werden: %2</translation>
    </message>
</context>
<context>
    <name>berth::studio::ContainerLogsView</name>
    <message>
        <source>&amp;Follow</source>
        <translation>&amp;Folgen</translation>
    </message>
    <message>
        <source>T&amp;imestamps</source>
        <translation>&amp;Zeitstempel</translation>
    </message>
    <message>
        <source>&amp;Wrap lines</source>
        <translation>Zeilen &amp;umbrechen</translation>
    </message>
    <message>
        <source>&amp;Save…</source>
        <translation>&amp;Speichern…</translation>
    </message>
    <message>
        <source>Keep reading new lines as the container writes them</source>
        <translation>Neue Zeilen weiterlesen, sobald der Container sie schreibt</translation>
    </message>
    <message>
        <source>Start every line with the time the engine received it</source>
        <translation>Jede Zeile mit der Zeit beginnen, zu der die Engine sie empfing</translation>
    </message>
    <message>
        <source>Write the log as shown to a file</source>
        <translation>Das Protokoll wie angezeigt in eine Datei schreiben</translation>
    </message>
    <message>
        <source>Container logs</source>
        <translation>Container-Protokolle</translation>
    </message>
    <message>
        <source>Search the logs</source>
        <translation>Protokoll durchsuchen</translation>
    </message>
    <message>
        <source>[Logs unavailable: %1]</source>
        <translation>[Protokolle nicht verfügbar: %1]</translation>
    </message>
    <message>
        <source>Save the Logs of %1</source>
        <translation>Protokoll von %1 speichern</translation>
    </message>
    <message>
        <source>Log files (*.log *.txt);;All files (*)</source>
        <translation>Protokolldateien (*.log *.txt);;Alle Dateien (*)</translation>
    </message>
</context>
<context>
    <name>berth::studio::ContainerOverview</name>
    <message>
        <source> (read-only)</source>
        <translation> (schreibgeschützt)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Mounts:</source>
        <translation>Einhängungen:</translation>
    </message>
    <message>
        <source>%1 as %2</source>
        <translation>%1 als %2</translation>
    </message>
    <message>
        <source>Links:</source>
        <translation>Verknüpfungen:</translation>
    </message>
    <message>
        <source>Environment:</source>
        <translation>Umgebung:</translation>
    </message>
    <message>
        <source>Labels:</source>
        <translation>Labels:</translation>
    </message>
    <message>
        <source>Copy as &amp;docker run</source>
        <translation>Als &amp;docker run kopieren</translation>
    </message>
    <message>
        <source>Container overview</source>
        <translation>Container-Übersicht</translation>
    </message>
    <message>
        <source>Copy the docker run command line that would run a container like this one</source>
        <translation>Die docker-run-Befehlszeile kopieren, die einen Container wie diesen startet</translation>
    </message>
</context>
<context>
    <name>berth::studio::ContainerStatsView</name>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Speicher</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Empfangen</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Gesendet</translation>
    </message>
    <message>
        <source>Read</source>
        <translation>Gelesen</translation>
    </message>
    <message>
        <source>Written</source>
        <translation>Geschrieben</translation>
    </message>
    <message>
        <source>CPU (%)</source>
        <translation>CPU (%)</translation>
    </message>
    <message>
        <source>Memory (MiB)</source>
        <translation>Speicher (MiB)</translation>
    </message>
    <message>
        <source>Network (KiB/s)</source>
        <translation>Netzwerk (KiB/s)</translation>
    </message>
    <message>
        <source>Block I/O (KiB/s)</source>
        <translation>Block-E/A (KiB/s)</translation>
    </message>
    <message>
        <source>The container is not running.</source>
        <translation>Der Container läuft nicht.</translation>
    </message>
    <message>
        <source>Stats unavailable: %1</source>
        <translation>Statistik nicht verfügbar: %1</translation>
    </message>
    <message>
        <source>Select a running container.</source>
        <translation>Wählen Sie einen laufenden Container.</translation>
    </message>
    <message>
        <source>Waiting for the first sample…</source>
        <translation>Warte auf den ersten Messwert…</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message numerus="yes">
        <source>CPU %1 %  ·  Memory %2 of %3 (%4 %)  ·  Network %5 in, %6 out  ·  Block I/O %7 read, %8 written  ·  %n process(es)</source>
        <translation>
            <numerusform>CPU %1 %  ·  Speicher %2 von %3 (%4 %)  ·  Netzwerk %5 ein, %6 aus  ·  Block-E/A %7 gelesen, %8 geschrieben  ·  %n Prozess</numerusform>
            <numerusform>CPU %1 %  ·  Speicher %2 von %3 (%4 %)  ·  Netzwerk %5 ein, %6 aus  ·  Block-E/A %7 gelesen, %8 geschrieben  ·  %n Prozesse</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>berth::studio::ContainerTerminal</name>
    <message>
        <source>Open Shell</source>
        <translation>Shell öffnen</translation>
    </message>
    <message>
        <source>Attach</source>
        <translation>Anhängen</translation>
    </message>
    <message>
        <source>&amp;Shell:</source>
        <translation>&amp;Shell:</translation>
    </message>
    <message>
        <source>The command that Open Shell runs in the container (docker exec -it)</source>
        <translation>Der Befehl, den „Shell öffnen“ im Container ausführt (docker exec -it)</translation>
    </message>
    <message>
        <source>Run the shell in the running container with a terminal</source>
        <translation>Die Shell mit Terminal im laufenden Container ausführen</translation>
    </message>
    <message>
        <source>Leave the shell and attach to the container&apos;s main process</source>
        <translation>Die Shell verlassen und an den Hauptprozess des Containers anhängen</translation>
    </message>
    <message>
        <source>Select a container to open its terminal.</source>
        <translation>Wählen Sie einen Container, um sein Terminal zu öffnen.</translation>
    </message>
    <message>
        <source>The container is not running. Start it to attach to its main process.</source>
        <translation>Der Container läuft nicht. Starten Sie ihn, um sich an seinen Hauptprozess anzuhängen.</translation>
    </message>
    <message>
        <source>This container was started without a tty (-t): its output is shown read-only. Typing into it needs a container run with -i -t.</source>
        <translation>Dieser Container wurde ohne tty (-t) gestartet: seine Ausgabe wird nur lesend gezeigt. Eingaben brauchen einen mit -i -t gestarteten Container.</translation>
    </message>
    <message>
        <source>This container&apos;s stdin is closed: its output is shown read-only. Typing into it needs a container run with -i.</source>
        <translation>Die Standardeingabe dieses Containers ist geschlossen: seine Ausgabe wird nur lesend gezeigt. Eingaben brauchen einen mit -i gestarteten Container.</translation>
    </message>
    <message>
        <source>Could not start the shell: %1</source>
        <translation>Die Shell konnte nicht gestartet werden: %1</translation>
    </message>
    <message>
        <source>Could not attach to the container: %1</source>
        <translation>Anhängen an den Container fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>[shell exited with code %1]</source>
        <translation>[Shell mit Code %1 beendet]</translation>
    </message>
    <message>
        <source>[process exited with code %1]</source>
        <translation>[Prozess mit Code %1 beendet]</translation>
    </message>
    <message>
        <source>[detached: the engine closed the connection]</source>
        <translation>[getrennt: die Engine hat die Verbindung geschlossen]</translation>
    </message>
</context>
<context>
    <name>berth::studio::ContainerTopView</name>
    <message>
        <source>Processes</source>
        <translation>Prozesse</translation>
    </message>
    <message>
        <source>The container is not running.</source>
        <translation>Der Container läuft nicht.</translation>
    </message>
    <message>
        <source>Could not list the processes: %1</source>
        <translation>Die Prozesse konnten nicht aufgelistet werden: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n process(es), refreshed every %1 seconds</source>
        <translation>
            <numerusform>%n Prozess, alle %1 Sekunden aktualisiert</numerusform>
            <numerusform>%n Prozesse, alle %1 Sekunden aktualisiert</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>berth::studio::ContainersModel</name>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>Image</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Befehl</translation>
    </message>
    <message>
        <source>Ports</source>
        <translation>Ports</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Last check exited with %1:
%2</source>
        <translation>Letzte Prüfung endete mit %1:
%2</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>created</source>
        <translation>erstellt</translation>
    </message>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>pausiert</translation>
    </message>
    <message>
        <source>restarting</source>
        <translation>startet neu</translation>
    </message>
    <message>
        <source>removing</source>
        <translation>wird entfernt</translation>
    </message>
    <message>
        <source>exited</source>
        <translation>beendet</translation>
    </message>
    <message>
        <source>dead</source>
        <translation>tot</translation>
    </message>
    <message>
        <source>healthy</source>
        <translation>gesund</translation>
    </message>
    <message>
        <source>unhealthy</source>
        <translation>ungesund</translation>
    </message>
    <message>
        <source>starting</source>
        <translation>startet</translation>
    </message>
</context>
<context>
    <name>berth::studio::ContainersPage</name>
    <message>
        <source>&amp;Run…</source>
        <translation>&amp;Ausführen…</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Starten</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>S&amp;toppen</translation>
    </message>
    <message>
        <source>R&amp;estart</source>
        <translation>&amp;Neu starten</translation>
    </message>
    <message>
        <source>Re&amp;move…</source>
        <translation>&amp;Entfernen…</translation>
    </message>
    <message>
        <source>No containers yet. Run one from an image.</source>
        <translation>Noch keine Container. Starten Sie einen aus einem Image.</translation>
    </message>
    <message>
        <source>Filter containers (Ctrl+F)</source>
        <translation>Container filtern (Strg+F)</translation>
    </message>
    <message>
        <source>Could not list the containers</source>
        <translation>Die Container konnten nicht aufgelistet werden</translation>
    </message>
    <message>
        <source>Run a new container (Ctrl+N)</source>
        <translation>Einen neuen Container ausführen (Strg+N)</translation>
    </message>
    <message>
        <source>Could not start %1</source>
        <translation>%1 konnte nicht gestartet werden</translation>
    </message>
    <message>
        <source>Could not stop %1</source>
        <translation>%1 konnte nicht gestoppt werden</translation>
    </message>
    <message>
        <source>Could not restart %1</source>
        <translation>%1 konnte nicht neu gestartet werden</translation>
    </message>
    <message>
        <source>&amp;Terminal</source>
        <translation>&amp;Terminal</translation>
    </message>
    <message>
        <source>Open a terminal on the container&apos;s main process (Ctrl+T)</source>
        <translation>Ein Terminal am Hauptprozess des Containers öffnen (Strg+T)</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Pausieren</translation>
    </message>
    <message>
        <source>Suspend every process of the container</source>
        <translation>Alle Prozesse des Containers anhalten</translation>
    </message>
    <message>
        <source>Could not pause %1</source>
        <translation>%1 konnte nicht pausiert werden</translation>
    </message>
    <message>
        <source>&amp;Unpause</source>
        <translation>&amp;Fortsetzen</translation>
    </message>
    <message>
        <source>Resume the container&apos;s processes</source>
        <translation>Die Prozesse des Containers fortsetzen</translation>
    </message>
    <message>
        <source>Could not unpause %1</source>
        <translation>%1 konnte nicht fortgesetzt werden</translation>
    </message>
    <message>
        <source>Re&amp;name…</source>
        <translation>&amp;Umbenennen…</translation>
    </message>
    <message>
        <source>&amp;Update Resources…</source>
        <translation>Ressourcen ä&amp;ndern…</translation>
    </message>
    <message>
        <source>Change the memory, CPU and processes limits and the restart policy</source>
        <translation>Speicher-, CPU- und Prozessgrenzen sowie die Neustart-Richtlinie ändern</translation>
    </message>
    <message>
        <source>Containers</source>
        <translation>Container</translation>
    </message>
    <message>
        <source>Filter containers</source>
        <translation>Container filtern</translation>
    </message>
    <message>
        <source>Run a Container…</source>
        <translation>Container ausführen…</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>Protokolle</translation>
    </message>
    <message>
        <source>Terminal</source>
        <translation>Terminal</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Dateien</translation>
    </message>
    <message>
        <source>Stats</source>
        <translation>Statistik</translation>
    </message>
    <message>
        <source>Top</source>
        <translation>Top</translation>
    </message>
    <message numerus="yes">
        <source>%n container(s)</source>
        <translation>
            <numerusform>%n Container</numerusform>
            <numerusform>%n Container</numerusform>
        </translation>
    </message>
    <message>
        <source>Remove Containers</source>
        <translation>Container entfernen</translation>
    </message>
    <message>
        <source>Remove %1?</source>
        <translation>%1 entfernen?</translation>
    </message>
    <message>
        <source>Running containers are stopped first. </source>
        <translation>Laufende Container werden zuerst gestoppt. </translation>
    </message>
    <message>
        <source>Files written inside the container and its logs will be lost. Named volumes and the image are kept.</source>
        <translation>Im Container geschriebene Dateien und seine Protokolle gehen verloren. Benannte Volumes und das Image bleiben erhalten.</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>Could not remove %1</source>
        <translation>%1 konnte nicht entfernt werden</translation>
    </message>
    <message>
        <source>Could not create a container from %1</source>
        <translation>Aus %1 konnte kein Container erstellt werden</translation>
    </message>
    <message>
        <source>Created container %1 from %2, but could not start it</source>
        <translation>Container %1 aus %2 erstellt, aber er konnte nicht gestartet werden</translation>
    </message>
    <message>
        <source>Name: %1</source>
        <translation>Name: %1</translation>
    </message>
    <message>
        <source>ID: %1</source>
        <translation>ID: %1</translation>
    </message>
    <message>
        <source>Image: %1</source>
        <translation>Image: %1</translation>
    </message>
    <message>
        <source>Command: %1</source>
        <translation>Befehl: %1</translation>
    </message>
    <message>
        <source>State: %1</source>
        <translation>Zustand: %1</translation>
    </message>
    <message>
        <source>Status: %1</source>
        <translation>Status: %1</translation>
    </message>
    <message>
        <source>Ports: %1</source>
        <translation>Ports: %1</translation>
    </message>
    <message>
        <source>none published</source>
        <translation>keine veröffentlicht</translation>
    </message>
    <message>
        <source>Created: %1</source>
        <translation>Erstellt: %1</translation>
    </message>
    <message>
        <source>Could not rename %1</source>
        <translation>%1 konnte nicht umbenannt werden</translation>
    </message>
    <message>
        <source>Could not read the limits of %1</source>
        <translation>Die Grenzen von %1 konnten nicht gelesen werden</translation>
    </message>
    <message>
        <source>Could not update %1</source>
        <translation>%1 konnte nicht geändert werden</translation>
    </message>
    <message>
        <source>Updated %1 with warnings</source>
        <translation>%1 mit Warnungen geändert</translation>
    </message>
    <message>
        <source>Co&amp;mmit…</source>
        <translation>Co&amp;mmitten…</translation>
    </message>
    <message>
        <source>Make an image from the container&apos;s changed files</source>
        <translation>Ein Image aus den geänderten Dateien des Containers erstellen</translation>
    </message>
    <message>
        <source>Edit &amp;Ports and Links…</source>
        <translation>&amp;Ports und Links bearbeiten…</translation>
    </message>
    <message>
        <source>Change the published ports and links; the container is recreated with them</source>
        <translation>Veröffentlichte Ports und Links ändern; der Container wird damit neu erstellt</translation>
    </message>
    <message>
        <source>Could not commit %1</source>
        <translation>%1 konnte nicht committet werden</translation>
    </message>
    <message>
        <source>Could not read the ports and links of %1</source>
        <translation>Die Ports und Links von %1 konnten nicht gelesen werden</translation>
    </message>
    <message>
        <source>Recreate Container</source>
        <translation>Container neu erstellen</translation>
    </message>
    <message>
        <source>Recreate %1 with these changes?</source>
        <translation>%1 mit diesen Änderungen neu erstellen?</translation>
    </message>
    <message>
        <source>Berth creates a new %1 with the same name, configuration, volumes and networks, then removes the old one. Files written inside the container outside its volumes are lost. If the new container cannot be created or started, the old one is kept as it was.</source>
        <translation>Berth erstellt einen neuen Container %1 mit demselben Namen, derselben Konfiguration, denselben Volumes und Netzwerken und entfernt dann den alten. Dateien, die im Container außerhalb seiner Volumes geschrieben wurden, gehen verloren. Lässt sich der neue Container nicht erstellen oder starten, bleibt der alte unverändert.</translation>
    </message>
    <message>
        <source>&amp;Recreate</source>
        <translation>&amp;Neu erstellen</translation>
    </message>
    <message>
        <source>Could not recreate %1</source>
        <translation>%1 konnte nicht neu erstellt werden</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>E&amp;xportieren…</translation>
    </message>
    <message>
        <source>Write the container&apos;s file system to a tar archive, like docker export</source>
        <translation>Das Dateisystem des Containers in ein Tar-Archiv schreiben, wie docker export</translation>
    </message>
    <message>
        <source>Could not export the container</source>
        <translation>Der Container konnte nicht exportiert werden</translation>
    </message>
    <message>
        <source>Export %1</source>
        <translation>%1 exportieren</translation>
    </message>
    <message>
        <source>Could not read the container&apos;s settings</source>
        <translation>Die Einstellungen des Containers konnten nicht gelesen werden</translation>
    </message>
    <message>
        <source>Could not save the logs to %1</source>
        <translation>Das Protokoll konnte nicht in %1 gespeichert werden</translation>
    </message>
    <message>
        <source>Inspect</source>
        <translation>Inspect</translation>
    </message>
    <message>
        <source>&amp;Duplicate…</source>
        <translation>&amp;Duplizieren…</translation>
    </message>
    <message>
        <source>Open the Run dialog with this container&apos;s settings, to run another like it</source>
        <translation>Den Ausführen-Dialog mit den Einstellungen dieses Containers öffnen, um einen weiteren wie ihn auszuführen</translation>
    </message>
</context>
<context>
    <name>berth::studio::ContextTree</name>
    <message>
        <source>Build context</source>
        <translation>Build-Kontext</translation>
    </message>
</context>
<context>
    <name>berth::studio::CredentialStore</name>
    <message>
        <source>Could not store the password in the keyring: %1</source>
        <translation>Das Passwort konnte nicht im Schlüsselbund gespeichert werden: %1</translation>
    </message>
    <message>
        <source>The password is in the keyring, but an older one for %1 is still in %2: %3</source>
        <translation>Das Passwort liegt im Schlüsselbund, aber ein älteres für %1 steht noch in %2: %3</translation>
    </message>
    <message>
        <source>Could not remove the password for %1 from the keyring: %2</source>
        <translation>Das Passwort für %1 konnte nicht aus dem Schlüsselbund entfernt werden: %2</translation>
    </message>
</context>
<context>
    <name>berth::studio::DockerfileEditor</name>
    <message>
        <source>Dockerfile</source>
        <translation>Dockerfile</translation>
    </message>
</context>
<context>
    <name>berth::studio::DockerfileHover</name>
    <message>
        <source>Starts a build stage from a base image, another stage or scratch. &lt;code&gt;AS name&lt;/code&gt; names the stage.</source>
        <translation>Beginnt eine Build-Stufe aus einem Basis-Image, einer anderen Stufe oder scratch. &lt;code&gt;AS name&lt;/code&gt; benennt die Stufe.</translation>
    </message>
    <message>
        <source>Runs a command in a new layer at build time.</source>
        <translation>Führt beim Bauen einen Befehl in einer neuen Schicht aus.</translation>
    </message>
    <message>
        <source>Sets the default command or the default arguments of the entrypoint. Only the last CMD of a stage counts, and &lt;code&gt;docker run&lt;/code&gt; arguments override it.</source>
        <translation>Setzt den Standardbefehl oder die Standardargumente des Entrypoints. Nur das letzte CMD einer Stufe zählt, und Argumente von &lt;code&gt;docker run&lt;/code&gt; ersetzen es.</translation>
    </message>
    <message>
        <source>Adds key=value metadata to the image.</source>
        <translation>Fügt dem Image Metadaten als key=value hinzu.</translation>
    </message>
    <message>
        <source>Deprecated: sets the image&apos;s author field. Use &lt;code&gt;LABEL org.opencontainers.image.authors&lt;/code&gt;.</source>
        <translation>Veraltet: setzt das Autorenfeld des Images. Verwenden Sie &lt;code&gt;LABEL org.opencontainers.image.authors&lt;/code&gt;.</translation>
    </message>
    <message>
        <source>Documents the ports the container listens on; &lt;code&gt;docker run -p&lt;/code&gt; publishes them.</source>
        <translation>Dokumentiert die Ports, auf denen der Container lauscht; &lt;code&gt;docker run -p&lt;/code&gt; veröffentlicht sie.</translation>
    </message>
    <message>
        <source>Sets environment variables for later instructions and for the container. ENV overrides an ARG of the same name.</source>
        <translation>Setzt Umgebungsvariablen für spätere Anweisungen und den Container. ENV ersetzt ein gleichnamiges ARG.</translation>
    </message>
    <message>
        <source>Copies files, URLs or Git repositories into the image and extracts local tar archives.</source>
        <translation>Kopiert Dateien, URLs oder Git-Repositories ins Image und entpackt lokale tar-Archive.</translation>
    </message>
    <message>
        <source>Copies files from the build context or, with &lt;code&gt;--from&lt;/code&gt;, from another stage or image.</source>
        <translation>Kopiert Dateien aus dem Build-Kontext oder mit &lt;code&gt;--from&lt;/code&gt; aus einer anderen Stufe oder einem Image.</translation>
    </message>
    <message>
        <source>Sets the executable the container runs; &lt;code&gt;docker run --entrypoint&lt;/code&gt; overrides it.</source>
        <translation>Setzt das Programm, das der Container ausführt; &lt;code&gt;docker run --entrypoint&lt;/code&gt; ersetzt es.</translation>
    </message>
    <message>
        <source>Declares mount points that become anonymous volumes.</source>
        <translation>Deklariert Einhängepunkte, die zu anonymen Volumes werden.</translation>
    </message>
    <message>
        <source>Sets the user and group for later RUN, CMD and ENTRYPOINT.</source>
        <translation>Setzt Benutzer und Gruppe für spätere RUN, CMD und ENTRYPOINT.</translation>
    </message>
    <message>
        <source>Sets the working directory for later instructions, creating it if needed.</source>
        <translation>Setzt das Arbeitsverzeichnis für spätere Anweisungen und legt es bei Bedarf an.</translation>
    </message>
    <message>
        <source>Declares a build argument that &lt;code&gt;--build-arg&lt;/code&gt; can set; it is not kept in the image.</source>
        <translation>Deklariert ein Build-Argument, das &lt;code&gt;--build-arg&lt;/code&gt; setzen kann; es bleibt nicht im Image.</translation>
    </message>
    <message>
        <source>Adds an instruction that runs when another build uses this image as its base.</source>
        <translation>Fügt eine Anweisung hinzu, die läuft, wenn ein anderer Build dieses Image als Basis nimmt.</translation>
    </message>
    <message>
        <source>Sets the signal that stops the container.</source>
        <translation>Setzt das Signal, das den Container stoppt.</translation>
    </message>
    <message>
        <source>Sets the command that checks whether the container is healthy, or NONE to disable the base image&apos;s.</source>
        <translation>Setzt den Befehl, der prüft, ob der Container gesund ist, oder NONE, um den des Basis-Images abzuschalten.</translation>
    </message>
    <message>
        <source>Sets the shell that runs the shell form of RUN, CMD and ENTRYPOINT.</source>
        <translation>Setzt die Shell, die die Shell-Form von RUN, CMD und ENTRYPOINT ausführt.</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; = &lt;code&gt;%2&lt;/code&gt; (%3)</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; = &lt;code&gt;%2&lt;/code&gt; (%3)</translation>
    </message>
    <message>
        <source>ARG before the first FROM</source>
        <translation>ARG vor dem ersten FROM</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; is not set by an ARG before the first FROM</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; wird von keinem ARG vor dem ersten FROM gesetzt</translation>
    </message>
    <message>
        <source>ENV</source>
        <translation>ENV</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; is declared by ARG without a default: it is empty unless --build-arg sets it</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; ist per ARG ohne Standardwert deklariert: leer, sofern --build-arg es nicht setzt</translation>
    </message>
    <message>
        <source>ARG</source>
        <translation>ARG</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; is not set by any ARG or ENV before this line</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; wird vor dieser Zeile von keinem ARG oder ENV gesetzt</translation>
    </message>
</context>
<context>
    <name>berth::studio::DockerfileLexer</name>
    <message>
        <source>Default</source>
        <translation>Standard</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Kommentar</translation>
    </message>
    <message>
        <source>Parser directive</source>
        <translation>Parser-Direktive</translation>
    </message>
    <message>
        <source>Instruction</source>
        <translation>Anweisung</translation>
    </message>
    <message>
        <source>Unknown instruction</source>
        <translation>Unbekannte Anweisung</translation>
    </message>
    <message>
        <source>Flag</source>
        <translation>Flag</translation>
    </message>
    <message>
        <source>Flag value</source>
        <translation>Flag-Wert</translation>
    </message>
    <message>
        <source>Keyword</source>
        <translation>Schlüsselwort</translation>
    </message>
    <message>
        <source>Stage name</source>
        <translation>Stufenname</translation>
    </message>
    <message>
        <source>Variable</source>
        <translation>Variable</translation>
    </message>
    <message>
        <source>String</source>
        <translation>Zeichenkette</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Operator</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Shell command</source>
        <translation>Shell-Befehl</translation>
    </message>
    <message>
        <source>Heredoc delimiter</source>
        <translation>Heredoc-Begrenzer</translation>
    </message>
    <message>
        <source>Heredoc body</source>
        <translation>Heredoc-Inhalt</translation>
    </message>
    <message>
        <source>Escape character</source>
        <translation>Escape-Zeichen</translation>
    </message>
</context>
<context>
    <name>berth::studio::DockerfilePage</name>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>Info</translation>
    </message>
    <message>
        <source>Open Folder…</source>
        <translation>Ordner öffnen…</translation>
    </message>
    <message>
        <source>Open Build Context</source>
        <translation>Build-Kontext öffnen</translation>
    </message>
    <message>
        <source>Open Dockerfile…</source>
        <translation>Dockerfile öffnen…</translation>
    </message>
    <message>
        <source>Open Dockerfile</source>
        <translation>Dockerfile öffnen</translation>
    </message>
    <message>
        <source>Open Recent</source>
        <translation>Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>Save As…</source>
        <translation>Speichern unter…</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <source>Find…</source>
        <translation>Suchen…</translation>
    </message>
    <message>
        <source>Replace…</source>
        <translation>Ersetzen…</translation>
    </message>
    <message>
        <source>Find Next</source>
        <translation>Weitersuchen</translation>
    </message>
    <message>
        <source>Find Previous</source>
        <translation>Rückwärts suchen</translation>
    </message>
    <message>
        <source>Quick Fix</source>
        <translation>Schnellkorrektur</translation>
    </message>
    <message>
        <source>Complete</source>
        <translation>Vervollständigen</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>Suchen</translation>
    </message>
    <message>
        <source>Replace with</source>
        <translation>Ersetzen durch</translation>
    </message>
    <message>
        <source>Match case</source>
        <translation>Groß-/Kleinschreibung beachten</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>Zurück</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Weiter</translation>
    </message>
    <message>
        <source>Replace</source>
        <translation>Ersetzen</translation>
    </message>
    <message>
        <source>Replace All</source>
        <translation>Alle ersetzen</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>Probleme</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Schweregrad</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Zeile</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Regel</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>(quick fix: %1)</source>
        <translation>(Schnellkorrektur: %1)</translation>
    </message>
    <message>
        <source>Go to Line</source>
        <translation>Gehe zu Zeile</translation>
    </message>
    <message>
        <source>Apply Quick Fix: %1</source>
        <translation>Schnellkorrektur anwenden: %1</translation>
    </message>
    <message>
        <source>Could not open the build context</source>
        <translation>Der Build-Kontext konnte nicht geöffnet werden</translation>
    </message>
    <message>
        <source>The folder %1 does not exist.</source>
        <translation>Der Ordner %1 existiert nicht.</translation>
    </message>
    <message>
        <source>Could not open the Dockerfile</source>
        <translation>Das Dockerfile konnte nicht geöffnet werden</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Could not save the Dockerfile</source>
        <translation>Das Dockerfile konnte nicht gespeichert werden</translation>
    </message>
    <message>
        <source>Save Dockerfile</source>
        <translation>Dockerfile speichern</translation>
    </message>
    <message>
        <source>the new Dockerfile</source>
        <translation>das neue Dockerfile</translation>
    </message>
    <message>
        <source>Unsaved Changes</source>
        <translation>Ungespeicherte Änderungen</translation>
    </message>
    <message>
        <source>Save the changes to %1? Unsaved changes are lost otherwise.</source>
        <translation>Änderungen an %1 speichern? Sonst gehen sie verloren.</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>Unbenannt</translation>
    </message>
    <message>
        <source>%1 (modified)</source>
        <translation>%1 (geändert)</translation>
    </message>
</context>
<context>
    <name>berth::studio::EditNetworkingDialog</name>
    <message>
        <source>Edit Ports and Links of %1</source>
        <translation>Ports und Links von %1 bearbeiten</translation>
    </message>
    <message>
        <source>Nothing changed yet.</source>
        <translation>Noch nichts geändert.</translation>
    </message>
</context>
<context>
    <name>berth::studio::EmbeddedEngine</name>
    <message>
        <source>The bundled engine crashed. Its log is %1.</source>
        <translation>Die mitgelieferte Engine ist abgestürzt. Ihr Protokoll ist %1.</translation>
    </message>
    <message>
        <source>The bundled engine exited with code %1. Its log is %2.</source>
        <translation>Die mitgelieferte Engine wurde mit Code %1 beendet. Ihr Protokoll ist %2.</translation>
    </message>
</context>
<context>
    <name>berth::studio::EngineConnection</name>
    <message>
        <source>Engine</source>
        <translation>Engine</translation>
    </message>
</context>
<context>
    <name>berth::studio::EngineDiscovery</name>
    <message>
        <source>Berth system engine</source>
        <translation>Berth-System-Engine</translation>
    </message>
    <message>
        <source>Docker</source>
        <translation>Docker</translation>
    </message>
    <message>
        <source>Podman</source>
        <translation>Podman</translation>
    </message>
    <message>
        <source>Docker, rootless</source>
        <translation>Docker, rootless</translation>
    </message>
    <message>
        <source>Podman, rootless</source>
        <translation>Podman, rootless</translation>
    </message>
</context>
<context>
    <name>berth::studio::EnginePage</name>
    <message numerus="yes">
        <source>%n container(s)</source>
        <translation>
            <numerusform>%n Container</numerusform>
            <numerusform>%n Container</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n image(s)</source>
        <translation>
            <numerusform>%n Image</numerusform>
            <numerusform>%n Images</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n volume(s)</source>
        <translation>
            <numerusform>%n Volume</numerusform>
            <numerusform>%n Volumes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n build cache record(s)</source>
        <translation>
            <numerusform>%n Build-Cache-Eintrag</numerusform>
            <numerusform>%n Build-Cache-Einträge</numerusform>
        </translation>
    </message>
    <message>
        <source>containers</source>
        <translation>Container</translation>
    </message>
    <message>
        <source>images</source>
        <translation>Images</translation>
    </message>
    <message>
        <source>volumes</source>
        <translation>Volumes</translation>
    </message>
    <message>
        <source>build cache records</source>
        <translation>Build-Cache-Einträge</translation>
    </message>
    <message>
        <source>Choose Another Engine…</source>
        <translation>Andere Engine wählen…</translation>
    </message>
    <message>
        <source>Disk use</source>
        <translation>Speicherbelegung</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Gesamt</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Reclaimable</source>
        <translation>Freigebbar</translation>
    </message>
    <message>
        <source>Prune…</source>
        <translation>Aufräumen…</translation>
    </message>
    <message>
        <source>Prune %1</source>
        <translation>%1 aufräumen</translation>
    </message>
    <message>
        <source>Prune &amp;all unused: tagged images, named volumes and shared build cache too</source>
        <translation>&amp;Alles Ungenutzte aufräumen: auch getaggte Images, benannte Volumes und geteilten Build-Cache</translation>
    </message>
    <message>
        <source>Engine</source>
        <translation>Engine</translation>
    </message>
    <message>
        <source>Endpoint: %1</source>
        <translation>Endpunkt: %1</translation>
    </message>
    <message>
        <source>No engine</source>
        <translation>Keine Engine</translation>
    </message>
    <message>
        <source>Could not identify the engine</source>
        <translation>Die Engine konnte nicht erkannt werden</translation>
    </message>
    <message>
        <source>Could not read the disk use</source>
        <translation>Die Speicherbelegung konnte nicht gelesen werden</translation>
    </message>
    <message>
        <source>v%1</source>
        <translation>v%1</translation>
    </message>
    <message>
        <source> (%1 driver)</source>
        <translation> (Treiber %1)</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>Endpunkt</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>API version</source>
        <translation>API-Version</translation>
    </message>
    <message>
        <source>%1 (the studio uses %2)</source>
        <translation>%1 (das Studio nutzt %2)</translation>
    </message>
    <message>
        <source>Operating system</source>
        <translation>Betriebssystem</translation>
    </message>
    <message>
        <source>%1, %2/%3, kernel %4</source>
        <translation>%1, %2/%3, Kernel %4</translation>
    </message>
    <message>
        <source>Storage driver</source>
        <translation>Speichertreiber</translation>
    </message>
    <message>
        <source>Cgroups</source>
        <translation>Cgroups</translation>
    </message>
    <message>
        <source>Data root</source>
        <translation>Datenverzeichnis</translation>
    </message>
    <message>
        <source>Resources</source>
        <translation>Ressourcen</translation>
    </message>
    <message>
        <source>%1 CPUs, %2 memory</source>
        <translation>%1 CPUs, %2 Speicher</translation>
    </message>
    <message>
        <source>Started by</source>
        <translation>Gestartet von</translation>
    </message>
    <message>
        <source>the studio (the bundled engine stops when it quits)</source>
        <translation>dem Studio (die mitgelieferte Engine endet mit ihm)</translation>
    </message>
    <message>
        <source>another program (chosen in the settings)</source>
        <translation>einem anderen Programm (in den Einstellungen gewählt)</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Images</translation>
    </message>
    <message>
        <source>Containers</source>
        <translation>Container</translation>
    </message>
    <message>
        <source>Local volumes</source>
        <translation>Lokale Volumes</translation>
    </message>
    <message>
        <source>Build cache</source>
        <translation>Build-Cache</translation>
    </message>
    <message>
        <source>%1 (%2 %)</source>
        <translation>%1 (%2 %)</translation>
    </message>
    <message>
        <source>Listing the %1 a prune would remove…</source>
        <translation>Die %1, die ein Aufräumen entfernen würde, werden aufgelistet…</translation>
    </message>
    <message>
        <source>Could not list the %1 to prune</source>
        <translation>Die aufzuräumenden %1 konnten nicht aufgelistet werden</translation>
    </message>
    <message>
        <source>No %1 to prune.</source>
        <translation>Keine %1 zum Aufräumen.</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>und %n weiterer</numerusform>
            <numerusform>und %n weitere</numerusform>
        </translation>
    </message>
    <message>
        <source>Remove %1? This cannot be undone.</source>
        <translation>%1 entfernen? Das kann nicht rückgängig gemacht werden.</translation>
    </message>
    <message>
        <source>Up to %1 would be freed; layers other images share stay.</source>
        <translation>Bis zu %1 würden frei; Schichten, die andere Images teilen, bleiben.</translation>
    </message>
    <message>
        <source>About %1 would be freed.</source>
        <translation>Etwa %1 würden frei.</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>Prune cancelled; nothing was removed.</source>
        <translation>Aufräumen abgebrochen; nichts wurde entfernt.</translation>
    </message>
    <message>
        <source>Pruning %1…</source>
        <translation>%1 werden aufgeräumt…</translation>
    </message>
    <message>
        <source>Could not prune %1</source>
        <translation>%1 konnten nicht aufgeräumt werden</translation>
    </message>
    <message>
        <source>Removed %1 and reclaimed %2.</source>
        <translation>%1 entfernt und %2 freigegeben.</translation>
    </message>
</context>
<context>
    <name>berth::studio::ErrorBanner</name>
    <message>
        <source>Dismiss the error</source>
        <translation>Fehlermeldung schließen</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;The engine said: %2</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;Die Engine meldete: %2</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2</translation>
    </message>
</context>
<context>
    <name>berth::studio::FirstRunPage</name>
    <message>
        <source>Set up the Berth engine</source>
        <translation>Berth-Engine einrichten</translation>
    </message>
    <message>
        <source>Members of the berth group control the engine, which makes them as powerful as root. Add only accounts you trust.</source>
        <translation>Mitglieder der Gruppe berth steuern die Engine und sind damit so mächtig wie root. Fügen Sie nur Konten hinzu, denen Sie vertrauen.</translation>
    </message>
    <message>
        <source>Try Again</source>
        <translation>Erneut versuchen</translation>
    </message>
    <message>
        <source>Choose Another Engine…</source>
        <translation>Andere Engine wählen…</translation>
    </message>
    <message>
        <source>The system engine listens on %1, but this account may not use it.</source>
        <translation>Die System-Engine lauscht auf %1, aber dieses Konto darf sie nicht nutzen.</translation>
    </message>
    <message>
        <source>The system engine is not running: %1 does not exist. The bundled engine needs root, and the studio does not run as root.</source>
        <translation>Die System-Engine läuft nicht: %1 existiert nicht. Die mitgelieferte Engine braucht root, und das Studio läuft nicht als root.</translation>
    </message>
    <message>
        <source>Join the berth group:</source>
        <translation>Der Gruppe berth beitreten:</translation>
    </message>
    <message>
        <source>Enable the system engine and join the berth group:</source>
        <translation>Die System-Engine aktivieren und der Gruppe berth beitreten:</translation>
    </message>
    <message>
        <source>Then log out and in again, so that the new group applies, and choose Try Again.</source>
        <translation>Melden Sie sich dann ab und wieder an, damit die neue Gruppe gilt, und wählen Sie „Erneut versuchen“.</translation>
    </message>
</context>
<context>
    <name>berth::studio::Formatting</name>
    <message>
        <source>Less than a second</source>
        <translation>Weniger als eine Sekunde</translation>
    </message>
    <message>
        <source>1 second</source>
        <translation>1 Sekunde</translation>
    </message>
    <message numerus="yes">
        <source>%n seconds</source>
        <translation>
            <numerusform>%n Sekunde</numerusform>
            <numerusform>%n Sekunden</numerusform>
        </translation>
    </message>
    <message>
        <source>About a minute</source>
        <translation>Etwa eine Minute</translation>
    </message>
    <message numerus="yes">
        <source>%n minutes</source>
        <translation>
            <numerusform>%n Minute</numerusform>
            <numerusform>%n Minuten</numerusform>
        </translation>
    </message>
    <message>
        <source>About an hour</source>
        <translation>Etwa eine Stunde</translation>
    </message>
    <message numerus="yes">
        <source>%n hours</source>
        <translation>
            <numerusform>%n Stunde</numerusform>
            <numerusform>%n Stunden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n days</source>
        <translation>
            <numerusform>%n Tag</numerusform>
            <numerusform>%n Tage</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n weeks</source>
        <translation>
            <numerusform>%n Woche</numerusform>
            <numerusform>%n Wochen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n months</source>
        <translation>
            <numerusform>%n Monat</numerusform>
            <numerusform>%n Monate</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n years</source>
        <translation>
            <numerusform>%n Jahr</numerusform>
            <numerusform>%n Jahre</numerusform>
        </translation>
    </message>
    <message>
        <source>Less than a second ago</source>
        <translation>vor weniger als einer Sekunde</translation>
    </message>
    <message>
        <source>1 second ago</source>
        <translation>vor 1 Sekunde</translation>
    </message>
    <message numerus="yes">
        <source>%n seconds ago</source>
        <translation>
            <numerusform>vor %n Sekunde</numerusform>
            <numerusform>vor %n Sekunden</numerusform>
        </translation>
    </message>
    <message>
        <source>About a minute ago</source>
        <translation>vor etwa einer Minute</translation>
    </message>
    <message numerus="yes">
        <source>%n minutes ago</source>
        <translation>
            <numerusform>vor %n Minute</numerusform>
            <numerusform>vor %n Minuten</numerusform>
        </translation>
    </message>
    <message>
        <source>About an hour ago</source>
        <translation>vor etwa einer Stunde</translation>
    </message>
    <message numerus="yes">
        <source>%n hours ago</source>
        <translation>
            <numerusform>vor %n Stunde</numerusform>
            <numerusform>vor %n Stunden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n days ago</source>
        <translation>
            <numerusform>vor %n Tag</numerusform>
            <numerusform>vor %n Tagen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n weeks ago</source>
        <translation>
            <numerusform>vor %n Woche</numerusform>
            <numerusform>vor %n Wochen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n months ago</source>
        <translation>
            <numerusform>vor %n Monat</numerusform>
            <numerusform>vor %n Monaten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n years ago</source>
        <translation>
            <numerusform>vor %n Jahr</numerusform>
            <numerusform>vor %n Jahren</numerusform>
        </translation>
    </message>
    <message>
        <source>Up %1</source>
        <translation>Läuft seit %1</translation>
    </message>
    <message>
        <source>Exited (%1) %2</source>
        <translation>Beendet (%1) %2</translation>
    </message>
    <message>
        <source>Restarting (%1) %2</source>
        <translation>Startet neu (%1) %2</translation>
    </message>
</context>
<context>
    <name>berth::studio::IgnoredFilesProxy</name>
    <message>
        <source>Excluded by .dockerignore: the build does not see it</source>
        <translation>Durch .dockerignore ausgeschlossen: der Build sieht es nicht</translation>
    </message>
</context>
<context>
    <name>berth::studio::ImagesModel</name>
    <message>
        <source>Repository</source>
        <translation>Repository</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>Tag</translation>
    </message>
    <message>
        <source>Image ID</source>
        <translation>Image-ID</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Used by</source>
        <translation>Benutzt von</translation>
    </message>
</context>
<context>
    <name>berth::studio::ImagesPage</name>
    <message>
        <source>&amp;Import…</source>
        <translation>&amp;Importieren…</translation>
    </message>
    <message>
        <source>Make an image from a root file system tarball</source>
        <translation>Ein Image aus dem Tarball eines Root-Dateisystems erstellen</translation>
    </message>
    <message>
        <source>Re&amp;move…</source>
        <translation>&amp;Entfernen…</translation>
    </message>
    <message>
        <source>Could not list the images</source>
        <translation>Die Images konnten nicht aufgelistet werden</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Images</translation>
    </message>
    <message>
        <source>Filter images (Ctrl+F)</source>
        <translation>Images filtern (Strg+F)</translation>
    </message>
    <message>
        <source>Filter images</source>
        <translation>Images filtern</translation>
    </message>
    <message>
        <source>Import an Image…</source>
        <translation>Image importieren…</translation>
    </message>
    <message>
        <source>Image history</source>
        <translation>Image-Verlauf</translation>
    </message>
    <message>
        <source>Created by</source>
        <translation>Erstellt durch</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Importing %1</source>
        <translation>%1 wird importiert</translation>
    </message>
    <message>
        <source>Imported %1</source>
        <translation>%1 importiert</translation>
    </message>
    <message>
        <source>Import of %1 cancelled</source>
        <translation>Import von %1 abgebrochen</translation>
    </message>
    <message>
        <source>Import of %1 failed</source>
        <translation>Import von %1 fehlgeschlagen</translation>
    </message>
    <message>
        <source>Could not import %1</source>
        <translation>%1 konnte nicht importiert werden</translation>
    </message>
    <message>
        <source>Remove Images</source>
        <translation>Images entfernen</translation>
    </message>
    <message>
        <source>Remove %1?</source>
        <translation>%1 entfernen?</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s)</source>
        <translation>
            <numerusform>%n Image</numerusform>
            <numerusform>%n Images</numerusform>
        </translation>
    </message>
    <message>
        <source>When no other tag points at an image, its layers are deleted from disk. An image used by a container cannot be removed until the container is.</source>
        <translation>Zeigt kein anderer Tag mehr auf ein Image, werden seine Schichten von der Platte gelöscht. Ein Image, das ein Container nutzt, lässt sich erst nach dem Container entfernen.</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>Could not remove %1</source>
        <translation>%1 konnte nicht entfernt werden</translation>
    </message>
    <message>
        <source>&amp;Pull…</source>
        <translation>&amp;Herunterladen…</translation>
    </message>
    <message>
        <source>Download an image from a registry</source>
        <translation>Ein Image aus einer Registry herunterladen</translation>
    </message>
    <message>
        <source>Pu&amp;sh…</source>
        <translation>Hoch&amp;laden…</translation>
    </message>
    <message>
        <source>Upload the selected image to the registry its name starts with</source>
        <translation>Das ausgewählte Image in die Registry hochladen, mit der sein Name beginnt</translation>
    </message>
    <message>
        <source>Sa&amp;ve…</source>
        <translation>&amp;Speichern…</translation>
    </message>
    <message>
        <source>Write the selected images to a tar archive, like docker save</source>
        <translation>Die ausgewählten Images in ein Tar-Archiv schreiben, wie docker save</translation>
    </message>
    <message>
        <source>&amp;Load…</source>
        <translation>L&amp;aden…</translation>
    </message>
    <message>
        <source>Load images from a tar archive, like docker load</source>
        <translation>Images aus einem Tar-Archiv laden, wie docker load</translation>
    </message>
    <message>
        <source>Log &amp;In to a Registry…</source>
        <translation>Bei einer Registry &amp;anmelden…</translation>
    </message>
    <message>
        <source>Log &amp;Out of a Registry…</source>
        <translation>Von einer Registry ab&amp;melden…</translation>
    </message>
    <message>
        <source>Could not save the images</source>
        <translation>Die Images konnten nicht gespeichert werden</translation>
    </message>
    <message>
        <source>No images yet. Pull one from a registry, or import a root file system tarball.</source>
        <translation>Noch keine Images. Laden Sie eines aus einer Registry herunter oder importieren Sie ein Tar-Archiv eines Root-Dateisystems.</translation>
    </message>
    <message>
        <source>Pull an Image…</source>
        <translation>Image herunterladen…</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Kommentar</translation>
    </message>
    <message>
        <source>Not logged in</source>
        <translation>Nicht angemeldet</translation>
    </message>
    <message>
        <source>No registry credentials are kept.</source>
        <translation>Es sind keine Registry-Zugangsdaten gespeichert.</translation>
    </message>
    <message>
        <source>Log Out of a Registry</source>
        <translation>Von einer Registry abmelden</translation>
    </message>
    <message>
        <source>Forget the credentials of:</source>
        <translation>Zugangsdaten vergessen für:</translation>
    </message>
    <message>
        <source>&amp;Log Out</source>
        <translation>Ab&amp;melden</translation>
    </message>
    <message>
        <source>Could not log out of %1</source>
        <translation>Abmelden von %1 fehlgeschlagen</translation>
    </message>
    <message numerus="yes">
        <source>Save %n Image(s)</source>
        <translation>
            <numerusform>%n Image speichern</numerusform>
            <numerusform>%n Images speichern</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Run…</source>
        <translation>&amp;Ausführen…</translation>
    </message>
    <message>
        <source>Run a new container from the selected image</source>
        <translation>Einen neuen Container aus dem gewählten Image starten</translation>
    </message>
    <message>
        <source>&amp;Build…</source>
        <translation>&amp;Bauen…</translation>
    </message>
    <message>
        <source>Build an image from a Dockerfile in the Dockerfile studio</source>
        <translation>Ein Image aus einem Dockerfile im Dockerfile-Studio bauen</translation>
    </message>
    <message>
        <source>&amp;Tag…</source>
        <translation>&amp;Taggen…</translation>
    </message>
    <message>
        <source>Give the selected image another name, like docker tag</source>
        <translation>Dem gewählten Image einen weiteren Namen geben, wie docker tag</translation>
    </message>
    <message>
        <source>Could not tag %1 as %2:%3</source>
        <translation>%1 konnte nicht als %2:%3 getaggt werden</translation>
    </message>
</context>
<context>
    <name>berth::studio::ImportDialog</name>
    <message>
        <source>&amp;Import</source>
        <translation>&amp;Importieren</translation>
    </message>
    <message>
        <source>Choose a Tarball</source>
        <translation>Tarball wählen</translation>
    </message>
    <message>
        <source>Tarballs (*.tar *.tar.gz *.tgz *.tar.bz2 *.tar.xz *.tar.zst);;All files (*)</source>
        <translation>Tarballs (*.tar *.tar.gz *.tgz *.tar.bz2 *.tar.xz *.tar.zst);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Choose the tarball to import.</source>
        <translation>Wählen Sie den zu importierenden Tarball.</translation>
    </message>
    <message>
        <source>No readable file at this path.</source>
        <translation>Unter diesem Pfad liegt keine lesbare Datei.</translation>
    </message>
    <message>
        <source>Not an image name: use lower-case letters, digits and -_./ with an optional :tag.</source>
        <translation>Kein Image-Name: verwenden Sie Kleinbuchstaben, Ziffern und -_./ mit optionalem :tag.</translation>
    </message>
</context>
<context>
    <name>berth::studio::Language</name>
    <message>
        <source>System default</source>
        <translation>Systemstandard</translation>
    </message>
</context>
<context>
    <name>berth::studio::LayerPreview</name>
    <message>
        <source>Layer preview</source>
        <translation>Schichtvorschau</translation>
    </message>
    <message>
        <source>The engine could not plan this Dockerfile: %1</source>
        <translation>Die Engine konnte dieses Dockerfile nicht planen: %1</translation>
    </message>
    <message>
        <source>No steps yet: a Dockerfile starts with FROM.</source>
        <translation>Noch keine Schritte: ein Dockerfile beginnt mit FROM.</translation>
    </message>
    <message>
        <source>Cache status unavailable: this engine has no build plan, so the preview shows what parsing alone tells.</source>
        <translation>Cache-Status nicht verfügbar: diese Engine hat keinen Build-Plan, daher zeigt die Vorschau nur, was das Parsen ergibt.</translation>
    </message>
    <message>
        <source>Cache status from the engine&apos;s build cache.</source>
        <translation>Cache-Status aus dem Build-Cache der Engine.</translation>
    </message>
</context>
<context>
    <name>berth::studio::LayerPreviewModel</name>
    <message>
        <source>base</source>
        <translation>Basis</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>Schicht</translation>
    </message>
    <message>
        <source>config only</source>
        <translation>nur Konfiguration</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Zeile</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Cache</source>
        <translation>Cache</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Last run</source>
        <translation>Letzter Lauf</translation>
    </message>
    <message>
        <source>Wasted</source>
        <translation>Verschwendet</translation>
    </message>
</context>
<context>
    <name>berth::studio::LayerProgressPanel</name>
    <message>
        <source>Layer progress</source>
        <translation>Schicht-Fortschritt</translation>
    </message>
    <message>
        <source>Layer %1</source>
        <translation>Schicht %1</translation>
    </message>
    <message>
        <source>%1 %2 of %3</source>
        <translation>%1 %2 von %3</translation>
    </message>
</context>
<context>
    <name>berth::studio::LinkEditor</name>
    <message>
        <source>No running containers</source>
        <translation>Keine laufenden Container</translation>
    </message>
    <message>
        <source>Link %1: choose the container to link to.</source>
        <translation>Link %1: Wählen Sie den Container, mit dem verknüpft werden soll.</translation>
    </message>
    <message>
        <source>Link %1: &quot;%2&quot; is not a valid alias; use letters, digits, _ . or -, starting with a letter or digit.</source>
        <translation>Link %1: „%2“ ist kein gültiger Alias; verwenden Sie Buchstaben, Ziffern, _ . oder - und beginnen Sie mit einem Buchstaben oder einer Ziffer.</translation>
    </message>
    <message>
        <source>Link %1: the alias &quot;%2&quot; is used by another link.</source>
        <translation>Link %1: Der Alias „%2“ wird bereits von einem anderen Link verwendet.</translation>
    </message>
</context>
<context>
    <name>berth::studio::LinkView</name>
    <message>
        <source>Host port %1</source>
        <translation>Host-Port %1</translation>
    </message>
    <message>
        <source>Container %1 (not found)</source>
        <translation>Container %1 (nicht gefunden)</translation>
    </message>
    <message>
        <source>Container %1 (%2)</source>
        <translation>Container %1 (%2)</translation>
    </message>
    <message>
        <source>Container %1 (%2), address %3</source>
        <translation>Container %1 (%2), Adresse %3</translation>
    </message>
    <message>
        <source>Link diagram</source>
        <translation>Link-Diagramm</translation>
    </message>
    <message>
        <source>Could not lay out the diagram: %1</source>
        <translation>Das Diagramm konnte nicht angeordnet werden: %1</translation>
    </message>
    <message>
        <source>Network %1</source>
        <translation>Netzwerk %1</translation>
    </message>
    <message>
        <source>--link alias %1</source>
        <translation>--link-Alias %1</translation>
    </message>
    <message>
        <source>Published port %1</source>
        <translation>Veröffentlichter Port %1</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Gestoppt</translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>Nicht gefunden</translation>
    </message>
    <message>
        <source>Host port</source>
        <translation>Host-Port</translation>
    </message>
    <message>
        <source>--link</source>
        <translation>--link</translation>
    </message>
    <message>
        <source>Published port</source>
        <translation>Veröffentlichter Port</translation>
    </message>
</context>
<context>
    <name>berth::studio::LoadDialog</name>
    <message>
        <source>&amp;Load</source>
        <translation>&amp;Laden</translation>
    </message>
    <message>
        <source>Choose an Image Archive</source>
        <translation>Image-Archiv auswählen</translation>
    </message>
    <message>
        <source>Image archives (*.tar *.tar.gz *.tgz *.tar.xz *.tar.zst);;All files (*)</source>
        <translation>Image-Archive (*.tar *.tar.gz *.tgz *.tar.xz *.tar.zst);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Choose the archive to load.</source>
        <translation>Wählen Sie das zu ladende Archiv.</translation>
    </message>
    <message>
        <source>No readable file at this path.</source>
        <translation>Unter diesem Pfad liegt keine lesbare Datei.</translation>
    </message>
    <message>
        <source>Loading %1</source>
        <translation>%1 wird geladen</translation>
    </message>
    <message>
        <source>Loaded %1</source>
        <translation>%1 geladen</translation>
    </message>
    <message>
        <source>Load of %1 cancelled</source>
        <translation>Laden von %1 abgebrochen</translation>
    </message>
    <message>
        <source>Load of %1 failed</source>
        <translation>Laden von %1 fehlgeschlagen</translation>
    </message>
    <message>
        <source>Could not load %1: %2</source>
        <translation>%1 konnte nicht geladen werden: %2</translation>
    </message>
</context>
<context>
    <name>berth::studio::LoginDialog</name>
    <message>
        <source>&amp;Log In</source>
        <translation>&amp;Anmelden</translation>
    </message>
    <message>
        <source>Enter a user name and a password.</source>
        <translation>Geben Sie einen Benutzernamen und ein Passwort ein.</translation>
    </message>
    <message>
        <source>Checking the credentials with %1…</source>
        <translation>Zugangsdaten werden bei %1 geprüft…</translation>
    </message>
    <message>
        <source>The login failed: %1</source>
        <translation>Die Anmeldung ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Logged in, but the credentials could not be stored: %1</source>
        <translation>Angemeldet, aber die Zugangsdaten konnten nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <source>The registry rejected the user name or password. The engine reported: %1</source>
        <translation>Die Registry hat den Benutzernamen oder das Passwort abgelehnt. Die Engine meldete: %1</translation>
    </message>
</context>
<context>
    <name>berth::studio::MainWindow</name>
    <message>
        <source>Berth Studio</source>
        <translation>Berth Studio</translation>
    </message>
    <message>
        <source>Containers</source>
        <translation>Container</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Images</translation>
    </message>
    <message>
        <source>Volumes</source>
        <translation>Volumes</translation>
    </message>
    <message>
        <source>Networks &amp; links</source>
        <translation>Netzwerke &amp; Links</translation>
    </message>
    <message>
        <source>Dockerfile studio</source>
        <translation>Dockerfile-Studio</translation>
    </message>
    <message>
        <source>Engine</source>
        <translation>Engine</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>A&amp;ktualisieren</translation>
    </message>
    <message numerus="yes">
        <source>%n running</source>
        <translation>
            <numerusform>%n läuft</numerusform>
            <numerusform>%n laufen</numerusform>
        </translation>
    </message>
    <message>
        <source>The engine did not answer within %1 seconds</source>
        <translation>Die Engine hat nicht innerhalb von %1 Sekunden geantwortet</translation>
    </message>
    <message>
        <source>Its log is %1.</source>
        <translation>Ihr Protokoll ist %1.</translation>
    </message>
    <message>
        <source>Check that %1 is running, or choose another engine in the settings.</source>
        <translation>Prüfen Sie, ob %1 läuft, oder wählen Sie in den Einstellungen eine andere Engine.</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>Seiten</translation>
    </message>
    <message>
        <source>&amp;Filter</source>
        <translation>&amp;Filtern</translation>
    </message>
    <message>
        <source>&amp;About Berth Studio</source>
        <translation>Ü&amp;ber Berth Studio</translation>
    </message>
    <message>
        <source>About Berth Studio</source>
        <translation>Über Berth Studio</translation>
    </message>
    <message>
        <source>&lt;b&gt;Berth Studio %1&lt;/b&gt;&lt;p&gt;A desktop container studio for Linux.&lt;/p&gt;</source>
        <translation>&lt;b&gt;Berth Studio %1&lt;/b&gt;&lt;p&gt;Ein Container-Studio für den Linux-Desktop.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>The bundled engine stopped</source>
        <translation>Die mitgelieferte Engine wurde beendet</translation>
    </message>
    <message>
        <source>Could not reach an engine</source>
        <translation>Keine Engine erreichbar</translation>
    </message>
    <message>
        <source>no engine</source>
        <translation>keine Engine</translation>
    </message>
    <message>
        <source>No engine</source>
        <translation>Keine Engine</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Verbinde mit %1…</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Connected to %1, API %2</source>
        <translation>Verbunden mit %1, API %2</translation>
    </message>
    <message>
        <source>Not connected; retrying</source>
        <translation>Nicht verbunden; neuer Versuch läuft</translation>
    </message>
</context>
<context>
    <name>berth::studio::NetworksPage</name>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Networks &amp; links</source>
        <translation>Netzwerke &amp; Links</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Netzwerk</translation>
    </message>
    <message>
        <source>Driver</source>
        <translation>Treiber</translation>
    </message>
    <message>
        <source>Subnet</source>
        <translation>Subnetz</translation>
    </message>
    <message>
        <source>Containers</source>
        <translation>Container</translation>
    </message>
    <message>
        <source>Create network…</source>
        <translation>Netzwerk erstellen…</translation>
    </message>
    <message>
        <source>Create network</source>
        <translation>Netzwerk erstellen</translation>
    </message>
    <message>
        <source>Network name:</source>
        <translation>Netzwerkname:</translation>
    </message>
    <message>
        <source>Subnet in CIDR notation (empty: the engine chooses one):</source>
        <translation>Subnetz in CIDR-Schreibweise (leer: die Engine wählt eines):</translation>
    </message>
    <message>
        <source>Could not create the network</source>
        <translation>Das Netzwerk konnte nicht erstellt werden</translation>
    </message>
    <message>
        <source>Could not remove the network</source>
        <translation>Das Netzwerk konnte nicht entfernt werden</translation>
    </message>
    <message>
        <source>Could not read the containers</source>
        <translation>Die Container konnten nicht gelesen werden</translation>
    </message>
    <message>
        <source>Export diagram…</source>
        <translation>Diagramm exportieren…</translation>
    </message>
    <message>
        <source>Save the diagram as an SVG or PNG image</source>
        <translation>Das Diagramm als SVG- oder PNG-Bild speichern</translation>
    </message>
    <message>
        <source>Export diagram</source>
        <translation>Diagramm exportieren</translation>
    </message>
    <message>
        <source>networks.svg</source>
        <translation>netzwerke.svg</translation>
    </message>
    <message>
        <source>SVG image (*.svg);;PNG image (*.png)</source>
        <translation>SVG-Bild (*.svg);;PNG-Bild (*.png)</translation>
    </message>
    <message>
        <source>Could not export the diagram</source>
        <translation>Das Diagramm konnte nicht exportiert werden</translation>
    </message>
</context>
<context>
    <name>berth::studio::PortForwardEditor</name>
    <message>
        <source>The image declares no ports with EXPOSE</source>
        <translation>Das Image deklariert keine Ports mit EXPOSE</translation>
    </message>
    <message>
        <source>Add a row for each port the image exposes: %1</source>
        <translation>Eine Zeile für jeden Port hinzufügen, den das Image freigibt: %1</translation>
    </message>
    <message>
        <source>Row %1: %2</source>
        <translation>Zeile %1: %2</translation>
    </message>
    <message>
        <source>choose the port in the container.</source>
        <translation>wählen Sie den Port im Container.</translation>
    </message>
    <message>
        <source>a port is a number from 1 to 65535, or a range such as 8080-8081.</source>
        <translation>ein Port ist eine Zahl von 1 bis 65535 oder ein Bereich wie 8080-8081.</translation>
    </message>
    <message>
        <source>the host range %1 and the container range %2 differ in length.</source>
        <translation>der Host-Bereich %1 und der Container-Bereich %2 sind verschieden lang.</translation>
    </message>
    <message>
        <source>the protocol is tcp, udp or sctp, not &quot;%1&quot;.</source>
        <translation>das Protokoll ist tcp, udp oder sctp, nicht „%1“.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an IPv4 or IPv6 address.</source>
        <translation>„%1“ ist keine IPv4- oder IPv6-Adresse.</translation>
    </message>
    <message>
        <source>no interface of this machine has the address %1.</source>
        <translation>keine Schnittstelle dieses Rechners hat die Adresse %1.</translation>
    </message>
    <message>
        <source>host port %1/%2 is already forwarded in an earlier row.</source>
        <translation>Host-Port %1/%2 wird schon in einer früheren Zeile weitergeleitet.</translation>
    </message>
    <message>
        <source>host port %1/%2 is in use by the container %3; choose another one.</source>
        <translation>Host-Port %1/%2 wird vom Container %3 belegt; wählen Sie einen anderen.</translation>
    </message>
    <message>
        <source>host port %1/%2 is in use on this machine; choose another one.</source>
        <translation>Host-Port %1/%2 ist auf diesem Rechner belegt; wählen Sie einen anderen.</translation>
    </message>
    <message>
        <source>Row %1: host port %2 is privileged (below %3), so only an engine that runs as root can bind it. berthd does; a rootless engine does not.</source>
        <translation>Zeile %1: Host-Port %2 ist privilegiert (unter %3), daher kann ihn nur eine Engine binden, die als root läuft. berthd tut das, eine Engine ohne root-Rechte nicht.</translation>
    </message>
</context>
<context>
    <name>berth::studio::PreviewGutter</name>
    <message>
        <source>Layer preview beside the lines</source>
        <translation>Schichtvorschau neben den Zeilen</translation>
    </message>
    <message>
        <source>config only</source>
        <translation>nur Konfiguration</translation>
    </message>
    <message>
        <source>would rebuild</source>
        <translation>würde neu gebaut</translation>
    </message>
    <message>
        <source>wastes %1</source>
        <translation>verschwendet %1</translation>
    </message>
</context>
<context>
    <name>berth::studio::PullDialog</name>
    <message>
        <source>&amp;Pull</source>
        <translation>&amp;Herunterladen</translation>
    </message>
    <message>
        <source>&amp;Cancel Pull</source>
        <translation>Download a&amp;bbrechen</translation>
    </message>
    <message>
        <source>Not an image name: use lower-case letters, digits and -_./:</source>
        <translation>Kein Image-Name: Verwenden Sie Kleinbuchstaben, Ziffern und -_./:</translation>
    </message>
    <message>
        <source>Enter the name of the image to pull.</source>
        <translation>Geben Sie den Namen des herunterzuladenden Images ein.</translation>
    </message>
    <message>
        <source>Listing tags…</source>
        <translation>Tags werden aufgelistet…</translation>
    </message>
    <message>
        <source>No tag list</source>
        <translation>Keine Tag-Liste</translation>
    </message>
    <message>
        <source>The registry or the engine cannot list tags: %1</source>
        <translation>Die Registry oder die Engine kann keine Tags auflisten: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n tag(s)</source>
        <translation>
            <numerusform>%n Tag</numerusform>
            <numerusform>%n Tags</numerusform>
        </translation>
    </message>
    <message>
        <source>Pulling %1</source>
        <translation>%1 wird heruntergeladen</translation>
    </message>
    <message>
        <source>Pull of %1 cancelled</source>
        <translation>Download von %1 abgebrochen</translation>
    </message>
    <message>
        <source>Pull of %1 failed</source>
        <translation>Download von %1 fehlgeschlagen</translation>
    </message>
    <message>
        <source>Pulled %1</source>
        <translation>%1 heruntergeladen</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>The pull was cancelled, so no image was stored. The layer data downloaded so far is kept, and the next pull of %1 resumes from it.</source>
        <translation>Der Pull wurde abgebrochen, daher wurde kein Image gespeichert. Die bisher geladenen Layer-Daten bleiben erhalten, und der nächste Pull von %1 setzt dort fort.</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>The registry requires a login to pull %1.</source>
        <translation>Die Registry verlangt eine Anmeldung, um %1 zu pullen.</translation>
    </message>
</context>
<context>
    <name>berth::studio::PushDialog</name>
    <message>
        <source>&amp;Push</source>
        <translation>Hoch&amp;laden</translation>
    </message>
    <message>
        <source>&amp;Cancel Push</source>
        <translation>Upload a&amp;bbrechen</translation>
    </message>
    <message>
        <source>Pushing %1</source>
        <translation>%1 wird hochgeladen</translation>
    </message>
    <message>
        <source>Push of %1 cancelled</source>
        <translation>Upload von %1 abgebrochen</translation>
    </message>
    <message>
        <source>Push of %1 failed</source>
        <translation>Upload von %1 fehlgeschlagen</translation>
    </message>
    <message>
        <source>Pushed %1</source>
        <translation>%1 hochgeladen</translation>
    </message>
    <message>
        <source>Docker Hub (docker.io)</source>
        <translation>Docker Hub (docker.io)</translation>
    </message>
    <message>
        <source>Enter the name to push the image as.</source>
        <translation>Geben Sie den Namen ein, unter dem das Image hochgeladen wird.</translation>
    </message>
    <message>
        <source>A push needs a tag, not a digest.</source>
        <translation>Zum Hochladen braucht es einen Tag, keinen Digest.</translation>
    </message>
    <message>
        <source>Not an image name: use lower-case letters, digits and -_./:</source>
        <translation>Kein Image-Name: Verwenden Sie Kleinbuchstaben, Ziffern und -_./:</translation>
    </message>
    <message>
        <source>Not a tag: use up to 128 letters, digits and _.- after the colon.</source>
        <translation>Kein gültiger Tag: Verwenden Sie nach dem Doppelpunkt bis zu 128 Buchstaben, Ziffern und _.-.</translation>
    </message>
    <message>
        <source>This pushes to Docker Hub, the public registry at docker.io. To push to a private registry, start the name with its host, such as registry.example.com/%1.</source>
        <translation>Dies lädt zu Docker Hub hoch, der öffentlichen Registry unter docker.io. Für eine private Registry beginnen Sie den Namen mit ihrem Host, etwa registry.example.com/%1.</translation>
    </message>
    <message>
        <source>Could not tag the image as %1: %2</source>
        <translation>Das Image konnte nicht als %1 getaggt werden: %2</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>The push was cancelled. Layers the registry received completely stay there, so the next push skips them.</source>
        <translation>Das Hochladen wurde abgebrochen. Layer, die die Registry vollständig erhalten hat, bleiben dort, sodass das nächste Hochladen sie überspringt.</translation>
    </message>
    <message>
        <source>The registry requires a login to push to %1.</source>
        <translation>Die Registry verlangt eine Anmeldung, um zu %1 hochzuladen.</translation>
    </message>
</context>
<context>
    <name>berth::studio::RenameDialog</name>
    <message>
        <source>Enter a name.</source>
        <translation>Geben Sie einen Namen ein.</translation>
    </message>
    <message>
        <source>Invalid name: use at least two characters from a-z, A-Z, 0-9, &quot;_&quot;, &quot;.&quot; and &quot;-&quot;, starting with a letter or digit.</source>
        <translation>Ungültiger Name: verwenden Sie mindestens zwei Zeichen aus a-z, A-Z, 0-9, „_“, „.“ und „-“, beginnend mit einem Buchstaben oder einer Ziffer.</translation>
    </message>
    <message>
        <source>The name &quot;%1&quot; is already in use by another container.</source>
        <translation>Der Name „%1“ wird schon von einem anderen Container verwendet.</translation>
    </message>
    <message>
        <source>Rename %1</source>
        <translation>%1 umbenennen</translation>
    </message>
    <message>
        <source>Enter a name other than the current one.</source>
        <translation>Geben Sie einen anderen als den aktuellen Namen ein.</translation>
    </message>
    <message>
        <source>&amp;Rename</source>
        <translation>&amp;Umbenennen</translation>
    </message>
</context>
<context>
    <name>berth::studio::ResourceLimitsEditor</name>
    <message>
        <source>%1 MiB</source>
        <translation>%1 MiB</translation>
    </message>
    <message>
        <source>Unlimited</source>
        <translation>Unbegrenzt</translation>
    </message>
    <message>
        <source>Twice the memory</source>
        <translation>Doppelter Speicher</translation>
    </message>
    <message>
        <source>Memory limit in MiB</source>
        <translation>Speichergrenze in MiB</translation>
    </message>
    <message>
        <source> MiB</source>
        <translation> MiB</translation>
    </message>
    <message>
        <source>No limit</source>
        <translation>Keine Grenze</translation>
    </message>
    <message>
        <source>Memory plus swap limit in MiB</source>
        <translation>Grenze für Speicher plus Swap in MiB</translation>
    </message>
    <message>
        <source>The memory limit plus the swap the container may use. With &quot;Twice the memory&quot; the engine allows as much swap as memory.</source>
        <translation>Die Speichergrenze plus der Swap, den der Container nutzen darf. Mit „Doppelter Speicher“ erlaubt die Engine so viel Swap wie Speicher.</translation>
    </message>
    <message>
        <source>Number of CPUs</source>
        <translation>Anzahl der CPUs</translation>
    </message>
    <message>
        <source>CPU shares, a relative weight</source>
        <translation>CPU-Anteile, ein relatives Gewicht</translation>
    </message>
    <message>
        <source>The container&apos;s share of CPU time when CPUs are busy, relative to other containers; the engine&apos;s default is 1024.</source>
        <translation>Der Anteil des Containers an der CPU-Zeit bei ausgelasteten CPUs, relativ zu anderen Containern; die Vorgabe der Engine ist 1024.</translation>
    </message>
    <message>
        <source>Default (1024)</source>
        <translation>Vorgabe (1024)</translation>
    </message>
    <message>
        <source>Maximum number of processes</source>
        <translation>Höchstzahl der Prozesse</translation>
    </message>
    <message>
        <source>&amp;Memory limit:</source>
        <translation>&amp;Speichergrenze:</translation>
    </message>
    <message>
        <source>Memory + s&amp;wap:</source>
        <translation>Speicher + S&amp;wap:</translation>
    </message>
    <message>
        <source>CPU&amp;s:</source>
        <translation>CPU&amp;s:</translation>
    </message>
    <message>
        <source>CPU s&amp;hares:</source>
        <translation>CPU-&amp;Anteile:</translation>
    </message>
    <message>
        <source>Processes &amp;limit:</source>
        <translation>Prozess&amp;grenze:</translation>
    </message>
    <message>
        <source>The memory limit must be at least %1 MiB.</source>
        <translation>Die Speichergrenze muss mindestens %1 MiB betragen.</translation>
    </message>
    <message>
        <source>A memory + swap limit needs a memory limit too.</source>
        <translation>Eine Grenze für Speicher + Swap braucht auch eine Speichergrenze.</translation>
    </message>
    <message>
        <source>The memory + swap limit must be at least the memory limit.</source>
        <translation>Die Grenze für Speicher + Swap muss mindestens die Speichergrenze sein.</translation>
    </message>
    <message>
        <source>The CPU limit must be between 0.01 and %1.</source>
        <translation>Die CPU-Grenze muss zwischen 0,01 und %1 liegen.</translation>
    </message>
    <message>
        <source>The CPU limit must be at least 0.01.</source>
        <translation>Die CPU-Grenze muss mindestens 0,01 betragen.</translation>
    </message>
    <message>
        <source>CPU shares must be between %1 and %2.</source>
        <translation>Die CPU-Anteile müssen zwischen %1 und %2 liegen.</translation>
    </message>
</context>
<context>
    <name>berth::studio::RunDialog</name>
    <message>
        <source>Never (the engine&apos;s default)</source>
        <translation>Nie (Standard der Engine)</translation>
    </message>
    <message>
        <source>Always</source>
        <translation>Immer</translation>
    </message>
    <message>
        <source>Unless stopped</source>
        <translation>Außer wenn gestoppt</translation>
    </message>
    <message>
        <source>On failure</source>
        <translation>Bei Fehlschlag</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>&amp;Ausführen</translation>
    </message>
    <message>
        <source>Could not read that line: %1</source>
        <translation>Diese Zeile konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Every flag was placed.</source>
        <translation>Jedes Flag wurde übernommen.</translation>
    </message>
    <message>
        <source>Not placed, because this dialog has no field for them yet: %1</source>
        <translation>Nicht übernommen, weil dieser Dialog noch kein Feld dafür hat: %1</translation>
    </message>
    <message>
        <source>Paste a docker run Line</source>
        <translation>docker-run-Zeile einfügen</translation>
    </message>
    <message>
        <source>A docker run command line:</source>
        <translation>Eine docker-run-Befehlszeile:</translation>
    </message>
    <message>
        <source>Choose an image to run.</source>
        <translation>Wählen Sie ein Image zum Ausführen.</translation>
    </message>
    <message>
        <source>Not an image reference: use lower-case letters, digits and -_./ with an optional :tag.</source>
        <translation>Keine Image-Referenz: verwenden Sie Kleinbuchstaben, Ziffern und -_./ mit optionalem :tag.</translation>
    </message>
    <message>
        <source>A name is at least two characters: a letter or digit, then letters, digits, _ . or -.</source>
        <translation>Ein Name hat mindestens zwei Zeichen: ein Buchstabe oder eine Ziffer, dann Buchstaben, Ziffern, _ . oder -.</translation>
    </message>
    <message>
        <source>Every variable needs a name without spaces.</source>
        <translation>Jede Variable braucht einen Namen ohne Leerzeichen.</translation>
    </message>
    <message>
        <source>The command has an unterminated quote.</source>
        <translation>Der Befehl enthält ein nicht geschlossenes Anführungszeichen.</translation>
    </message>
    <message>
        <source>Create and start the container</source>
        <translation>Den Container erstellen und starten</translation>
    </message>
    <message>
        <source>Row %1: %2</source>
        <translation>Zeile %1: %2</translation>
    </message>
    <message>
        <source>The image declares VOLUME %1. Each path without a mapping becomes a new anonymous volume.</source>
        <translation>Das Image deklariert VOLUME %1. Jeder Pfad ohne Zuordnung wird ein neues anonymes Volume.</translation>
    </message>
    <message>
        <source>choose the path in the container.</source>
        <translation>wählen Sie den Pfad im Container.</translation>
    </message>
    <message>
        <source>the container path must be absolute, starting with /.</source>
        <translation>der Container-Pfad muss absolut sein und mit / beginnen.</translation>
    </message>
    <message>
        <source>the container&apos;s root / cannot be a mount point.</source>
        <translation>die Wurzel / des Containers kann kein Einhängepunkt sein.</translation>
    </message>
    <message>
        <source>%1 is already mapped in an earlier row.</source>
        <translation>%1 ist schon in einer früheren Zeile zugeordnet.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is neither an absolute host path nor a volume name; use a path starting with /.</source>
        <translation>„%1“ ist weder ein absoluter Host-Pfad noch ein Volume-Name; verwenden Sie einen Pfad, der mit / beginnt.</translation>
    </message>
    <message>
        <source>the file %1 does not exist; the engine would create a directory in its place.</source>
        <translation>die Datei %1 existiert nicht; die Engine würde an ihrer Stelle ein Verzeichnis anlegen.</translation>
    </message>
    <message>
        <source>Row %1: %2 does not exist yet; the engine will create it as an empty directory.</source>
        <translation>Zeile %1: %2 existiert noch nicht; die Engine legt es als leeres Verzeichnis an.</translation>
    </message>
    <message>
        <source>Bind a Host File</source>
        <translation>Host-Datei einbinden</translation>
    </message>
    <message>
        <source>Bind a Host Folder</source>
        <translation>Host-Ordner einbinden</translation>
    </message>
    <message>
        <source>No volumes yet: type a name in the table to create one</source>
        <translation>Noch keine Volumes: geben Sie in der Tabelle einen Namen ein, um eines zu erstellen</translation>
    </message>
    <message>
        <source>No containers yet</source>
        <translation>Noch keine Container</translation>
    </message>
    <message>
        <source>Not placed, because the Resources tab sets memory in whole MiB and CPUs in hundredths: %1</source>
        <translation>Nicht übernommen, weil der Reiter Ressourcen Speicher in ganzen MiB und CPUs in Hundertsteln einstellt: %1</translation>
    </message>
</context>
<context>
    <name>berth::studio::SettingsDialog</name>
    <message>
        <source>No Berth, Docker or Podman socket was found on this machine.</source>
        <translation>Auf diesem Rechner wurde kein Berth-, Docker- oder Podman-Socket gefunden.</translation>
    </message>
    <message>
        <source>Found on this machine:</source>
        <translation>Auf diesem Rechner gefunden:</translation>
    </message>
    <message>
        <source>Choose an engine…</source>
        <translation>Engine wählen…</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Write unix:///path/to/socket or tcp://127.0.0.1:PORT.</source>
        <translation>Schreiben Sie unix:///pfad/zum/socket oder tcp://127.0.0.1:PORT.</translation>
    </message>
</context>
<context>
    <name>berth::studio::SharingView</name>
    <message>
        <source>Container</source>
        <translation>Container</translation>
    </message>
    <message>
        <source>Volume</source>
        <translation>Volume</translation>
    </message>
    <message>
        <source>Host directory</source>
        <translation>Host-Verzeichnis</translation>
    </message>
    <message>
        <source>Volume sharing map</source>
        <translation>Volume-Freigabekarte</translation>
    </message>
    <message>
        <source>Could not lay out the map: %1</source>
        <translation>Die Karte konnte nicht angeordnet werden: %1</translation>
    </message>
    <message>
        <source>--volumes-from %1</source>
        <translation>--volumes-from %1</translation>
    </message>
    <message>
        <source>Mounted at %1%2</source>
        <translation>Eingehängt unter %1%2</translation>
    </message>
    <message>
        <source>, read-only</source>
        <translation>, schreibgeschützt</translation>
    </message>
    <message>
        <source>volumes-from</source>
        <translation>volumes-from</translation>
    </message>
    <message>
        <source>volumes-from:%1</source>
        <translation>volumes-from:%1</translation>
    </message>
    <message>
        <source>Read-only mount</source>
        <translation>Schreibgeschützte Einhängung</translation>
    </message>
    <message>
        <source>--volumes-from</source>
        <translation>--volumes-from</translation>
    </message>
    <message>
        <source>Map legend</source>
        <translation>Legende</translation>
    </message>
    <message>
        <source>Read-write mount</source>
        <translation>Einhängung mit Schreibzugriff</translation>
    </message>
    <message>
        <source>Show containers without volumes</source>
        <translation>Container ohne Volumes anzeigen</translation>
    </message>
</context>
<context>
    <name>berth::studio::StepDetails</name>
    <message>
        <source>added</source>
        <translation>hinzugefügt</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>gelöscht</translation>
    </message>
    <message>
        <source>modified</source>
        <translation>geändert</translation>
    </message>
    <message>
        <source>(not set)</source>
        <translation>(nicht gesetzt)</translation>
    </message>
    <message>
        <source>(no value)</source>
        <translation>(kein Wert)</translation>
    </message>
    <message>
        <source>Merged filesystem up to this step</source>
        <translation>Zusammengeführtes Dateisystem bis zu diesem Schritt</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>Einstellung</translation>
    </message>
    <message>
        <source>Value after this step</source>
        <translation>Wert nach diesem Schritt</translation>
    </message>
    <message>
        <source>Effective configuration</source>
        <translation>Wirksame Konfiguration</translation>
    </message>
    <message>
        <source>Config</source>
        <translation>Konfiguration</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Änderung</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Zeile</translation>
    </message>
    <message>
        <source>Layer files</source>
        <translation>Dateien der Schicht</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Dateien</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>Wasted</source>
        <translation>Verschwendet</translation>
    </message>
    <message>
        <source>Wasted bytes per line</source>
        <translation>Verschwendete Bytes je Zeile</translation>
    </message>
    <message>
        <source>Efficiency</source>
        <translation>Effizienz</translation>
    </message>
    <message>
        <source>Select a step to see its files.</source>
        <translation>Wählen Sie einen Schritt, um seine Dateien zu sehen.</translation>
    </message>
    <message>
        <source>The files this stage&apos;s cached layers leave up to line %1. The base image&apos;s own files are not listed.</source>
        <translation>Die Dateien, die die Cache-Schichten dieser Stufe bis Zeile %1 hinterlassen. Die eigenen Dateien des Basis-Images sind nicht aufgeführt.</translation>
    </message>
    <message>
        <source>This step changes only the image config.</source>
        <translation>Dieser Schritt ändert nur die Image-Konfiguration.</translation>
    </message>
    <message>
        <source>The files of a layer are known once the build cache has it.</source>
        <translation>Die Dateien einer Schicht sind bekannt, sobald der Build-Cache sie hat.</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) in this layer.</source>
        <translation>
            <numerusform>%n Änderung in dieser Schicht.</numerusform>
            <numerusform>%n Änderungen in dieser Schicht.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 in the cached layers is overwritten or deleted by later layers.</source>
        <translation>%1 in den Cache-Schichten wird von späteren Schichten überschrieben oder gelöscht.</translation>
    </message>
    <message>
        <source>No cached layer holds bytes that a later layer overwrites or deletes.</source>
        <translation>Keine Cache-Schicht enthält Bytes, die eine spätere Schicht überschreibt oder löscht.</translation>
    </message>
    <message>
        <source>Efficiency %1%: %2 of the %3 in the image&apos;s layers, base image included, is overwritten or deleted by later layers.</source>
        <translation>Effizienz %1 %: %2 der %3 in den Schichten des Images (Basis-Image eingeschlossen) werden von späteren Schichten überschrieben oder gelöscht.</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
</context>
<context>
    <name>berth::studio::TagDialog</name>
    <message>
        <source>Enter a repository, such as registry.example:5000/team/app.</source>
        <translation>Geben Sie ein Repository ein, etwa registry.example:5000/team/app.</translation>
    </message>
    <message>
        <source>A repository has no digest: remove the part from &quot;@&quot;.</source>
        <translation>Ein Repository hat keinen Digest: Entfernen Sie den Teil ab „@“.</translation>
    </message>
    <message>
        <source>Enter the tag in the Tag field, not after a colon.</source>
        <translation>Geben Sie den Tag im Feld Tag ein, nicht nach einem Doppelpunkt.</translation>
    </message>
    <message>
        <source>A tag cannot contain a colon, and digests cannot be tagged.</source>
        <translation>Ein Tag darf keinen Doppelpunkt enthalten, und Digests lassen sich nicht taggen.</translation>
    </message>
    <message>
        <source>Invalid repository or tag: %1.</source>
        <translation>Ungültiges Repository oder ungültiger Tag: %1.</translation>
    </message>
    <message>
        <source>Tag %1</source>
        <translation>%1 taggen</translation>
    </message>
    <message>
        <source>Repository</source>
        <translation>Repository</translation>
    </message>
    <message>
        <source>registry.example:5000/team/app</source>
        <translation>registry.example:5000/team/app</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>Tag</translation>
    </message>
    <message>
        <source>&amp;Tag</source>
        <translation>&amp;Taggen</translation>
    </message>
    <message>
        <source>&amp;Repository:</source>
        <translation>&amp;Repository:</translation>
    </message>
    <message>
        <source>T&amp;ag:</source>
        <translation>T&amp;ag:</translation>
    </message>
    <message>
        <source>Add the tag to the image</source>
        <translation>Den Tag zum Image hinzufügen</translation>
    </message>
</context>
<context>
    <name>berth::studio::TaskStrip</name>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Cancel task</source>
        <translation>Aufgabe abbrechen</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Schließen</translation>
    </message>
</context>
<context>
    <name>berth::studio::TerminalView</name>
    <message>
        <source>Terminal</source>
        <translation>Terminal</translation>
    </message>
</context>
<context>
    <name>berth::studio::TextSearchBar</name>
    <message>
        <source>Search (Ctrl+F)</source>
        <translation>Suchen (Strg+F)</translation>
    </message>
    <message>
        <source>Previous match</source>
        <translation>Vorheriger Treffer</translation>
    </message>
    <message>
        <source>Previous match (Shift+F3)</source>
        <translation>Vorheriger Treffer (Umschalt+F3)</translation>
    </message>
    <message>
        <source>Next match</source>
        <translation>Nächster Treffer</translation>
    </message>
    <message>
        <source>Next match (F3)</source>
        <translation>Nächster Treffer (F3)</translation>
    </message>
    <message>
        <source>No matches</source>
        <translation>Keine Treffer</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message numerus="yes">
        <source>%n match(es)</source>
        <translation>
            <numerusform>%n Treffer</numerusform>
            <numerusform>%n Treffer</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>berth::studio::UpdateDialog</name>
    <message>
        <source>Update %1</source>
        <translation>%1 ändern</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Nein</translation>
    </message>
    <message>
        <source>Always</source>
        <translation>Immer</translation>
    </message>
    <message>
        <source>Unless stopped</source>
        <translation>Außer wenn gestoppt</translation>
    </message>
    <message>
        <source>On failure</source>
        <translation>Bei Fehlschlag</translation>
    </message>
    <message>
        <source>An update cannot remove the memory limit; enter a new limit instead.</source>
        <translation>Eine Änderung kann die Speichergrenze nicht aufheben; geben Sie stattdessen eine neue Grenze ein.</translation>
    </message>
    <message>
        <source>An update cannot remove the CPU limit; enter a new limit instead.</source>
        <translation>Eine Änderung kann die CPU-Grenze nicht aufheben; geben Sie stattdessen eine neue Grenze ein.</translation>
    </message>
    <message>
        <source>&amp;Update</source>
        <translation>Ä&amp;ndern</translation>
    </message>
</context>
<context>
    <name>berth::studio::VolumesModel</name>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>unused</source>
        <translation>ungenutzt</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Driver</source>
        <translation>Treiber</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Used by</source>
        <translation>Benutzt von</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
</context>
<context>
    <name>berth::studio::VolumesPage</name>
    <message>
        <source>Could not list the volumes</source>
        <translation>Die Volumes konnten nicht aufgelistet werden</translation>
    </message>
    <message>
        <source>&amp;Create…</source>
        <translation>&amp;Erstellen…</translation>
    </message>
    <message>
        <source>Create a named volume</source>
        <translation>Ein benanntes Volume erstellen</translation>
    </message>
    <message>
        <source>Re&amp;move…</source>
        <translation>&amp;Entfernen…</translation>
    </message>
    <message>
        <source>&amp;Prune…</source>
        <translation>&amp;Aufräumen…</translation>
    </message>
    <message>
        <source>Remove the volumes no container uses</source>
        <translation>Die Volumes entfernen, die kein Container nutzt</translation>
    </message>
    <message>
        <source>&amp;List</source>
        <translation>&amp;Liste</translation>
    </message>
    <message>
        <source>Sharing &amp;Map</source>
        <translation>Freigabe&amp;karte</translation>
    </message>
    <message>
        <source>Volumes</source>
        <translation>Volumes</translation>
    </message>
    <message>
        <source>Filter volumes (Ctrl+F)</source>
        <translation>Volumes filtern (Strg+F)</translation>
    </message>
    <message>
        <source>Filter volumes</source>
        <translation>Volumes filtern</translation>
    </message>
    <message>
        <source>No volumes yet. Create one, or map one in the Run dialog&apos;s Volumes tab.</source>
        <translation>Noch keine Volumes. Erstellen Sie eines oder ordnen Sie eines im Reiter „Volumes“ des Ausführen-Dialogs zu.</translation>
    </message>
    <message>
        <source>Create a Volume…</source>
        <translation>Volume erstellen…</translation>
    </message>
    <message>
        <source>Create a Volume</source>
        <translation>Volume erstellen</translation>
    </message>
    <message>
        <source>Name (letters, digits, _ . -; empty lets the engine choose):</source>
        <translation>Name (Buchstaben, Ziffern, _ . -; leer: die Engine wählt):</translation>
    </message>
    <message>
        <source>Could not create a volume</source>
        <translation>Volume konnte nicht erstellt werden</translation>
    </message>
    <message>
        <source>Could not create volume %1</source>
        <translation>Volume %1 konnte nicht erstellt werden</translation>
    </message>
    <message>
        <source>A volume name starts with a letter or digit, followed by at least one letter, digit, _ . or -.</source>
        <translation>Ein Volume-Name beginnt mit einem Buchstaben oder einer Ziffer, gefolgt von mindestens einem Buchstaben, einer Ziffer, _ . oder -.</translation>
    </message>
    <message>
        <source>Remove Volumes</source>
        <translation>Volumes entfernen</translation>
    </message>
    <message>
        <source>Remove %1?</source>
        <translation>%1 entfernen?</translation>
    </message>
    <message numerus="yes">
        <source>%n volume(s)</source>
        <translation>
            <numerusform>%n Volume</numerusform>
            <numerusform>%n Volumes</numerusform>
        </translation>
    </message>
    <message>
        <source>Every file in the volume is deleted. A volume that a container uses cannot be removed until the container is.</source>
        <translation>Jede Datei im Volume wird gelöscht. Ein Volume, das ein Container nutzt, lässt sich erst nach dem Container entfernen.</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>Could not remove volume %1</source>
        <translation>Volume %1 konnte nicht entfernt werden</translation>
    </message>
    <message>
        <source>Prune Volumes</source>
        <translation>Volumes aufräumen</translation>
    </message>
    <message>
        <source>Remove every anonymous volume that no container uses?</source>
        <translation>Jedes anonyme Volume entfernen, das kein Container nutzt?</translation>
    </message>
    <message>
        <source>Their files are deleted.</source>
        <translation>Ihre Dateien werden gelöscht.</translation>
    </message>
    <message>
        <source>Also remove unused &amp;named volumes</source>
        <translation>Auch ungenutzte &amp;benannte Volumes entfernen</translation>
    </message>
    <message>
        <source>&amp;Prune</source>
        <translation>&amp;Aufräumen</translation>
    </message>
    <message>
        <source>Could not prune the volumes</source>
        <translation>Die Volumes konnten nicht aufgeräumt werden</translation>
    </message>
</context>
<context>
    <name>berth::studio::Work</name>
    <message>
        <source>%1 cancelled</source>
        <translation>%1 abgebrochen</translation>
    </message>
    <message>
        <source>%1 failed</source>
        <translation>%1 fehlgeschlagen</translation>
    </message>
</context>
</TS>
