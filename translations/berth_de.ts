<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>berth::studio::MainWindow</name>
    <message><source>Berth Studio</source><translation>Berth Studio</translation></message>
    <message><source>Containers</source><translation>Container</translation></message>
    <message><source>Images</source><translation>Images</translation></message>
    <message><source>Volumes</source><translation>Volumes</translation></message>
    <message><source>Networks &amp; links</source><translation>Netzwerke &amp; Links</translation></message>
    <message><source>Dockerfile studio</source><translation>Dockerfile-Studio</translation></message>
    <message><source>Engine</source><translation>Engine</translation></message>
    <message><source>&amp;File</source><translation>&amp;Datei</translation></message>
    <message><source>&amp;View</source><translation>&amp;Ansicht</translation></message>
    <message><source>&amp;Help</source><translation>&amp;Hilfe</translation></message>
    <message><source>&amp;Settings…</source><translation>&amp;Einstellungen…</translation></message>
    <message><source>&amp;Quit</source><translation>&amp;Beenden</translation></message>
    <message><source>&amp;Refresh</source><translation>A&amp;ktualisieren</translation></message>
    <message numerus="yes"><source>%n running</source><translation><numerusform>%n läuft</numerusform><numerusform>%n laufen</numerusform></translation></message>
</context>
<context>
    <name>berth::studio::ContainersPage</name>
    <message><source>&amp;Run…</source><translation>&amp;Ausführen…</translation></message>
    <message><source>&amp;Start</source><translation>&amp;Starten</translation></message>
    <message><source>S&amp;top</source><translation>S&amp;toppen</translation></message>
    <message><source>R&amp;estart</source><translation>&amp;Neu starten</translation></message>
    <message><source>Re&amp;move…</source><translation>&amp;Entfernen…</translation></message>
    <message><source>No containers yet. Run one from an image.</source><translation>Noch keine Container. Starten Sie einen aus einem Image.</translation></message>
    <message><source>Filter containers (Ctrl+F)</source><translation>Container filtern (Strg+F)</translation></message>
</context>
<context>
    <name>berth::studio::ContainersModel</name>
    <message><source>State</source><translation>Zustand</translation></message>
    <message><source>Name</source><translation>Name</translation></message>
    <message><source>Image</source><translation>Image</translation></message>
    <message><source>Command</source><translation>Befehl</translation></message>
    <message><source>Ports</source><translation>Ports</translation></message>
    <message><source>Created</source><translation>Erstellt</translation></message>
    <message><source>Status</source><translation>Status</translation></message>
</context>
<context>
    <name>RunDialog</name>
    <message><source>Run a Container</source><translation>Container ausführen</translation></message>
    <message><source>General</source><translation>Allgemein</translation></message>
    <message><source>Environment</source><translation>Umgebung</translation></message>
</context>
</TS>
