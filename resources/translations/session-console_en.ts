<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>ActionProgressDialog</name>
    <message numerus="yes">
        <location filename="../../ui/ActionProgressDialog.cpp" line="+46"/>
        <source>%Ln session(s)</source>
        <translation>
            <numerusform>%Ln session</numerusform>
            <numerusform>%Ln sessions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+87"/>
        <source>%n done</source>
        <translation>
            <numerusform>%n done</numerusform>
            <numerusform>%n done</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n failed</source>
        <translation>
            <numerusform>%n failed</numerusform>
            <numerusform>%n failed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n skipped</source>
        <translation>
            <numerusform>%n skipped</numerusform>
            <numerusform>%n skipped</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ConsoleSettings</name>
    <message numerus="yes">
        <location filename="../../ui/ConsoleSettings.cpp" line="+122"/>
        <source>%1: %2 has more than %n entries; the rest are ignored.</source>
        <translation>
            <numerusform>%1: %2 has more than %n entry; the rest are ignored.</numerusform>
            <numerusform>%1: %2 has more than %n entries; the rest are ignored.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LogoffConfirmDialog</name>
    <message numerus="yes">
        <location filename="../../ui/LogoffConfirmDialog.cpp" line="+43"/>
        <source>Log off these %Ln session(s)? Their programs are closed and unsaved work is lost.</source>
        <translation>
            <numerusform>Log off this session? Its programs are closed and unsaved work is lost.</numerusform>
            <numerusform>Log off these %Ln sessions? Their programs are closed and unsaved work is lost.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SendMessageDialog</name>
    <message numerus="yes">
        <location filename="../../ui/SendMessageDialog.cpp" line="+14"/>
        <source>Send Message to %Ln Session(s)</source>
        <translation>
            <numerusform>Send Message to %Ln Session</numerusform>
            <numerusform>Send Message to %Ln Sessions</numerusform>
        </translation>
    </message>
</context>
</TS>
