#pragma once

#include "ServerAddress.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;

// Asks for a server address, checks it with ServerAddress as it is typed, and offers
// the recently added servers.
class AddServerDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit AddServerDialog(const QStringList &recent, QWidget *parent = nullptr);

    ServerAddress address() const { return m_address; }
    void setText(const QString &text);

private:
    void validate();

    QComboBox *m_input;
    QLabel *m_problem;
    QDialogButtonBox *m_buttons;
    ServerAddress m_address;
};
