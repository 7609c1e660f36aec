# Generated from ui/preferences.ui by `python -m caseworker.gui.build_ui`: do not edit.
# ruff: noqa
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'preferences.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QApplication, QComboBox, QDialog,
    QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel,
    QLineEdit, QPushButton, QSizePolicy, QSpacerItem,
    QSpinBox, QVBoxLayout, QWidget)

class Ui_cw_preferences(object):
    def setupUi(self, cw_preferences):
        if not cw_preferences.objectName():
            cw_preferences.setObjectName(u"cw_preferences")
        cw_preferences.resize(560, 380)
        self.verticalLayout = QVBoxLayout(cw_preferences)
        self.verticalLayout.setObjectName(u"verticalLayout")
        self.form = QFormLayout()
        self.form.setObjectName(u"form")
        self.form.setRowWrapPolicy(QFormLayout.WrapLongRows)
        self.languageLabel = QLabel(cw_preferences)
        self.languageLabel.setObjectName(u"languageLabel")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.languageLabel)

        self.language = QComboBox(cw_preferences)
        self.language.setObjectName(u"language")

        self.form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.language)

        self.languageNote = QLabel(cw_preferences)
        self.languageNote.setObjectName(u"languageNote")
        self.languageNote.setWordWrap(True)

        self.form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.languageNote)

        self.idleLabel = QLabel(cw_preferences)
        self.idleLabel.setObjectName(u"idleLabel")

        self.form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.idleLabel)

        self.idleMinutes = QSpinBox(cw_preferences)
        self.idleMinutes.setObjectName(u"idleMinutes")
        self.idleMinutes.setMinimum(1)
        self.idleMinutes.setMaximum(240)
        self.idleMinutes.setValue(5)

        self.form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.idleMinutes)

        self.serverLabel = QLabel(cw_preferences)
        self.serverLabel.setObjectName(u"serverLabel")

        self.form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.serverLabel)

        self.serverUrl = QLineEdit(cw_preferences)
        self.serverUrl.setObjectName(u"serverUrl")
        self.serverUrl.setPlaceholderText(u"https://intake.example.org")

        self.form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.serverUrl)

        self.agencyLabel = QLabel(cw_preferences)
        self.agencyLabel.setObjectName(u"agencyLabel")

        self.form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.agencyLabel)

        self.agencyName = QLineEdit(cw_preferences)
        self.agencyName.setObjectName(u"agencyName")

        self.form.setWidget(4, QFormLayout.ItemRole.FieldRole, self.agencyName)

        self.logoLabel = QLabel(cw_preferences)
        self.logoLabel.setObjectName(u"logoLabel")

        self.form.setWidget(5, QFormLayout.ItemRole.LabelRole, self.logoLabel)

        self.logoRow = QHBoxLayout()
        self.logoRow.setObjectName(u"logoRow")
        self.logoPath = QLineEdit(cw_preferences)
        self.logoPath.setObjectName(u"logoPath")

        self.logoRow.addWidget(self.logoPath)

        self.logoBrowse = QPushButton(cw_preferences)
        self.logoBrowse.setObjectName(u"logoBrowse")

        self.logoRow.addWidget(self.logoBrowse)


        self.form.setLayout(5, QFormLayout.ItemRole.FieldRole, self.logoRow)


        self.verticalLayout.addLayout(self.form)

        self.error = QLabel(cw_preferences)
        self.error.setObjectName(u"error")
        self.error.setWordWrap(True)

        self.verticalLayout.addWidget(self.error)

        self.spacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.verticalLayout.addItem(self.spacer)

        self.buttons = QDialogButtonBox(cw_preferences)
        self.buttons.setObjectName(u"buttons")
        self.buttons.setStandardButtons(QDialogButtonBox.Cancel|QDialogButtonBox.Ok)

        self.verticalLayout.addWidget(self.buttons)

#if QT_CONFIG(shortcut)
        self.languageLabel.setBuddy(self.language)
        self.idleLabel.setBuddy(self.idleMinutes)
        self.serverLabel.setBuddy(self.serverUrl)
        self.agencyLabel.setBuddy(self.agencyName)
        self.logoLabel.setBuddy(self.logoPath)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.language, self.idleMinutes)
        QWidget.setTabOrder(self.idleMinutes, self.serverUrl)
        QWidget.setTabOrder(self.serverUrl, self.agencyName)
        QWidget.setTabOrder(self.agencyName, self.logoPath)
        QWidget.setTabOrder(self.logoPath, self.logoBrowse)

        self.retranslateUi(cw_preferences)

        QMetaObject.connectSlotsByName(cw_preferences)
    # setupUi

    def retranslateUi(self, cw_preferences):
        cw_preferences.setWindowTitle(QCoreApplication.translate("cw_preferences", u"Settings", None))
#if QT_CONFIG(accessibility)
        cw_preferences.setAccessibleName(QCoreApplication.translate("cw_preferences", u"Settings", None))
#endif // QT_CONFIG(accessibility)
        self.languageLabel.setText(QCoreApplication.translate("cw_preferences", u"&Language:", None))
#if QT_CONFIG(accessibility)
        self.language.setAccessibleName(QCoreApplication.translate("cw_preferences", u"Language of the application", None))
#endif // QT_CONFIG(accessibility)
        self.languageNote.setText(QCoreApplication.translate("cw_preferences", u"A new language applies the next time Caseworker starts.", None))
        self.idleLabel.setText(QCoreApplication.translate("cw_preferences", u"Lock &after:", None))
#if QT_CONFIG(accessibility)
        self.idleMinutes.setAccessibleName(QCoreApplication.translate("cw_preferences", u"Lock after this many idle minutes", None))
#endif // QT_CONFIG(accessibility)
        self.idleMinutes.setSuffix(QCoreApplication.translate("cw_preferences", u" min", None))
        self.serverLabel.setText(QCoreApplication.translate("cw_preferences", u"&Intake server:", None))
#if QT_CONFIG(accessibility)
        self.serverUrl.setAccessibleName(QCoreApplication.translate("cw_preferences", u"Intake server address", None))
#endif // QT_CONFIG(accessibility)
        self.agencyLabel.setText(QCoreApplication.translate("cw_preferences", u"A&gency name:", None))
#if QT_CONFIG(accessibility)
        self.agencyName.setAccessibleName(QCoreApplication.translate("cw_preferences", u"Agency name (printed on plans)", None))
#endif // QT_CONFIG(accessibility)
        self.logoLabel.setText(QCoreApplication.translate("cw_preferences", u"Agency &logo:", None))
#if QT_CONFIG(accessibility)
        self.logoPath.setAccessibleName(QCoreApplication.translate("cw_preferences", u"Agency logo (printed on plans)", None))
#endif // QT_CONFIG(accessibility)
        self.logoBrowse.setText(QCoreApplication.translate("cw_preferences", u"Choose\u2026", None))
#if QT_CONFIG(accessibility)
        self.logoBrowse.setAccessibleName(QCoreApplication.translate("cw_preferences", u"Choose the logo file", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

