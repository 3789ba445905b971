"""Community: member accounts (verified civil servants), the closed forum, the
member directory and meeting participation. Above the content apps in the
import layers: it may use practices and meetings, they never use it."""
