<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>ActionController</name>
    <message numerus="yes">
        <location filename="../../ui/ActionController.cpp" line="+98"/>
        <source>%1 and %Ln more are not answering: actions wait for a fresh list</source>
        <translation>
            <numerusform>%1 and %Ln more are not answering: actions wait for a fresh list</numerusform>
            <numerusform>%1 and %Ln more are not answering: actions wait for a fresh list</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+67"/>
        <source>%Ln process(es) were not ended:</source>
        <translation>
            <numerusform>%Ln process was not ended:</numerusform>
            <numerusform>%Ln processes were not ended:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+105"/>
        <source>%Ln session(s) were not sent the signal:</source>
        <translation>
            <numerusform>%Ln session was not sent the signal:</numerusform>
            <numerusform>%Ln sessions were not sent the signal:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%Ln session(s) were not logged off:</source>
        <translation>
            <numerusform>%Ln session was not logged off:</numerusform>
            <numerusform>%Ln sessions were not logged off:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+170"/>
        <source>Actions on %Ln session(s) are still running.</source>
        <translation>
            <numerusform>An action on %Ln session is still running.</numerusform>
            <numerusform>Actions on %Ln sessions are still running.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ActionProgressDialog</name>
    <message numerus="yes">
        <location filename="../../ui/ActionProgressDialog.cpp" line="+66"/>
        <source>%Ln process(es)</source>
        <translation>
            <numerusform>%Ln process</numerusform>
            <numerusform>%Ln processes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%Ln session(s)</source>
        <translation>
            <numerusform>%Ln session</numerusform>
            <numerusform>%Ln sessions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+98"/>
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
    <name>CleanupController</name>
    <message numerus="yes">
        <location filename="../../ui/CleanupController.cpp" line="+75"/>
        <source>Warning %n session(s)…</source>
        <translation>
            <numerusform>Warning %n session…</numerusform>
            <numerusform>Warning %n sessions…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CleanupDialog</name>
    <message numerus="yes">
        <location filename="../../ui/CleanupDialog.cpp" line="+218"/>
        <source>Asking %n server(s)…</source>
        <translation>
            <numerusform>Asking %n server…</numerusform>
            <numerusform>Asking %n servers…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+33"/>
        <source>%n session(s) would be logged off.</source>
        <translation>
            <numerusform>%n session would be logged off.</numerusform>
            <numerusform>%n sessions would be logged off.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+14"/>
        <source>%n session(s) left alone: their server cannot tell whether the user is in the groups excluded (only this computer&apos;s own users can be looked up).</source>
        <translation>
            <numerusform>%n session left alone: their server cannot tell whether the user is in the groups excluded (only this computer&apos;s own users can be looked up).</numerusform>
            <numerusform>%n sessions left alone: their server cannot tell whether the user is in the groups excluded (only this computer&apos;s own users can be looked up).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+26"/>
        <source>&amp;Warn, Then Log Off %n Session(s)</source>
        <translation>
            <numerusform>&amp;Warn, Then Log Off %n Session</numerusform>
            <numerusform>&amp;Warn, Then Log Off %n Sessions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>&amp;Log Off %n Session(s)</source>
        <translation>
            <numerusform>&amp;Log Off %n Session</numerusform>
            <numerusform>&amp;Log Off %n Sessions</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ConsoleSettings</name>
    <message numerus="yes">
        <location filename="../../ui/ConsoleSettings.cpp" line="+126"/>
        <source>%1: %2 has more than %n entries; the rest are ignored.</source>
        <translation>
            <numerusform>%1: %2 has more than %n entry; the rest are ignored.</numerusform>
            <numerusform>%1: %2 has more than %n entries; the rest are ignored.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+56"/>
        <source>%1: more than %n groups; the rest are ignored.</source>
        <translation>
            <numerusform>%1: more than %n groups; the rest are ignored.</numerusform>
            <numerusform>%1: more than %n groups; the rest are ignored.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DemoSource</name>
    <message numerus="yes">
        <location filename="../../model/demo/DemoSource.cpp" line="+205"/>
        <source>No answer within %n ms.</source>
        <translation>
            <numerusform>No answer within %n ms.</numerusform>
            <numerusform>No answer within %n ms.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+495"/>
        <source>The session did not end within %n ms.</source>
        <translation>
            <numerusform>The session did not end within %n ms.</numerusform>
            <numerusform>The session did not end within %n ms.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImportServersDialog</name>
    <message numerus="yes">
        <location filename="../../ui/ImportServersDialog.cpp" line="+28"/>
        <source>%1: %n server(s) found</source>
        <translation>
            <numerusform>%1: %n server found</numerusform>
            <numerusform>%1: %n servers found</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>, %n already open</source>
        <translation>
            <numerusform>, %n already open</numerusform>
            <numerusform>, %n already open</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n entry(s) skipped:</source>
        <translation>
            <numerusform>%n entry skipped:</numerusform>
            <numerusform>%n entries skipped:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+23"/>
        <source>&amp;Open %n Server(s)</source>
        <translation>
            <numerusform>&amp;Open %n Server</numerusform>
            <numerusform>&amp;Open %n Servers</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>KillSessionDialog</name>
    <message numerus="yes">
        <location filename="../../ui/KillSessionDialog.cpp" line="+23"/>
        <source>Send a signal to the processes of these %Ln session(s)? Programs that end this way cannot save their work.</source>
        <translation>
            <numerusform>Send a signal to the processes of this session? Programs that end this way cannot save their work.</numerusform>
            <numerusform>Send a signal to the processes of these %Ln sessions? Programs that end this way cannot save their work.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LogindBus</name>
    <message numerus="yes">
        <location filename="../../model/logind/LogindBus.cpp" line="+701"/>
        <source>No reply from logind on %1 within %2 s (%n calls were in flight)</source>
        <translation>
            <numerusform>No reply from logind on %1 within %2 s (%n call was in flight)</numerusform>
            <numerusform>No reply from logind on %1 within %2 s (%n calls were in flight)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LogoffConfirmDialog</name>
    <message numerus="yes">
        <location filename="../../ui/LogoffConfirmDialog.cpp" line="+21"/>
        <source>Log off these %Ln session(s)? Their programs are closed and unsaved work is lost.</source>
        <translation>
            <numerusform>Log off this session? Its programs are closed and unsaved work is lost.</numerusform>
            <numerusform>Log off these %Ln sessions? Their programs are closed and unsaved work is lost.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <location filename="../../ui/MainWindow.cpp" line="+273"/>
        <source>Every %Ln second(s)</source>
        <translation>
            <numerusform>Every second</numerusform>
            <numerusform>Every %Ln seconds</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+65"/>
        <source>%Ln server(s)</source>
        <translation>
            <numerusform>%Ln server</numerusform>
            <numerusform>%Ln servers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Refreshing every %Ln second(s)</source>
        <translation>
            <numerusform>Refreshing every second</numerusform>
            <numerusform>Refreshing every %Ln seconds</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+80"/>
        <source>Connecting: %1 of %n server(s) answered…</source>
        <translation>
            <numerusform>Connecting: %1 of %n server answered…</numerusform>
            <numerusform>Connecting: %1 of %n servers answered…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>Imported %n server(s)</source>
        <translation>
            <numerusform>Imported %n server</numerusform>
            <numerusform>Imported %n servers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>; %n entry(s) skipped</source>
        <translation>
            <numerusform>; %n entry skipped</numerusform>
            <numerusform>; %n entries skipped</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ProcessConfirmDialog</name>
    <message numerus="yes">
        <location filename="../../ui/ProcessConfirmDialog.cpp" line="+31"/>
        <source>End these %Ln process(es)? They are stopped at once and unsaved work in them is lost.</source>
        <translation>
            <numerusform>End this process? It is stopped at once and unsaved work in it is lost.</numerusform>
            <numerusform>End these %Ln processes? They are stopped at once and unsaved work in them is lost.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ProcessesView</name>
    <message numerus="yes">
        <location filename="../../ui/ProcessesView.cpp" line="+218"/>
        <source>Only the %n session(s) selected on the Sessions page</source>
        <translation>
            <numerusform>Only the %n session selected on the Sessions page</numerusform>
            <numerusform>Only the %n sessions selected on the Sessions page</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+32"/>
        <source>The processes of %Ln server(s) could not be listed; their rows are greyed:</source>
        <translation>
            <numerusform>The processes of %Ln server could not be listed; its rows are greyed:</numerusform>
            <numerusform>The processes of %Ln servers could not be listed; their rows are greyed:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+18"/>
        <source>%n process(es)</source>
        <translation>
            <numerusform>%n process</numerusform>
            <numerusform>%n processes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%1 of %n process(es) shown</source>
        <translation>
            <numerusform>%1 of %n process shown</numerusform>
            <numerusform>%1 of %n processes shown</numerusform>
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
<context>
    <name>ServerAddress</name>
    <message numerus="yes">
        <location filename="../../model/ServerAddress.cpp" line="+39"/>
        <source>host name is longer than %n characters</source>
        <translation>
            <numerusform>host name is longer than %n character</numerusform>
            <numerusform>host name is longer than %n characters</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+71"/>
        <source>the server address is longer than %n characters</source>
        <translation>
            <numerusform>the server address is longer than %n character</numerusform>
            <numerusform>the server address is longer than %n characters</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ServerGroups</name>
    <message numerus="yes">
        <location filename="../../model/ServerGroups.cpp" line="+58"/>
        <source>a group name must not be longer than %n characters</source>
        <translation>
            <numerusform>a group name must not be longer than %n characters</numerusform>
            <numerusform>a group name must not be longer than %n characters</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+16"/>
        <source>there can be at most %n groups</source>
        <translation>
            <numerusform>there can be at most %n groups</numerusform>
            <numerusform>there can be at most %n groups</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ServerTab</name>
    <message numerus="yes">
        <location filename="../../ui/ServerTab.cpp" line="+311"/>
        <source>%Ln session(s)</source>
        <translation>
            <numerusform>%Ln session</numerusform>
            <numerusform>%Ln sessions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
        <source>%1 of %Ln session(s) match</source>
        <translation>
            <numerusform>%1 of %Ln session match</numerusform>
            <numerusform>%1 of %Ln sessions match</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>on %Ln server(s)</source>
        <translation>
            <numerusform>on %Ln server</numerusform>
            <numerusform>on %Ln servers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%Ln listener(s)</source>
        <translation>
            <numerusform>%Ln listener</numerusform>
            <numerusform>%Ln listeners</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+11"/>
        <source>%n failing</source>
        <translation>
            <numerusform>%n failing</numerusform>
            <numerusform>%n failing</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+7"/>
        <source>Refreshing %n server(s)…</source>
        <translation>
            <numerusform>Refreshing %n server…</numerusform>
            <numerusform>Refreshing %n servers…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+31"/>
        <source>%Ln server(s) are not answering; their sessions are greyed:</source>
        <translation>
            <numerusform>%Ln server is not answering; its sessions are greyed:</numerusform>
            <numerusform>%Ln servers are not answering; their sessions are greyed:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
        <source>and %n more</source>
        <translation>
            <numerusform>and %n more</numerusform>
            <numerusform>and %n more</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ServerTreeModel</name>
    <message numerus="yes">
        <location filename="../../model/ServerTreeModel.cpp" line="+266"/>
        <source>Group %1: %n server(s)</source>
        <translation>
            <numerusform>Group %1: %n server</numerusform>
            <numerusform>Group %1: %n servers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+294"/>
        <source>%n failing</source>
        <translation>
            <numerusform>%n failing</numerusform>
            <numerusform>%n failing</numerusform>
        </translation>
    </message>
</context>
</TS>
